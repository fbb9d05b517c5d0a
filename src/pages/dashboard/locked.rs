//! A page of a module the store lacks, as the owner's dashboard shows it: the module's
//! locked card, with what the module adds and how to get it (403).

use leptos::prelude::*;
use leptos_meta::Title;

use super::LockIcon;
use crate::{
    model::{Module, SiteInfo},
    pages::set_status,
};

/// The locked card of `module`, in place of its page.
#[component]
pub fn LockedModule(module: Module) -> impl IntoView {
    set_status(403);
    let site = expect_context::<SiteInfo>();
    view! {
        <Title text=format!("{} | Arcade", module.name())/>
        <section class="panel module-card disabled" role="note" aria-labelledby="locked-heading">
            <h1 id="locked-heading"><LockIcon/>" "{format!("{} is not on for this store", module.name())}</h1>
            <p class="hint">{format!("{} adds: {}.", module.name(), module.description().to_lowercase())}</p>
            <p class="hint upgrade">{module.how_to_get()}</p>
            <a class="button secondary" href=site.href("/")>"Back to the overview"</a>
        </section>
    }
}
