//! The first thing a keyboard user reaches on a page: a link past the header to the
//! page's `<main id="main">`.

use leptos::prelude::*;

/// The id of every page's `<main>`, the target of [`SkipLink`].
pub const MAIN_ID: &str = "main";

/// "Skip to content", hidden until it has the focus. The browser follows it itself
/// (`rel="external"` keeps the router out), so the focus moves into `<main>`, which
/// takes it with `tabindex="-1"`.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! { <a class="skip-link" href=format!("#{MAIN_ID}") rel="external">"Skip to content"</a> }
}
