//! `admin.P/` for a signed-in user who is not a platform admin: the stores they are a
//! member of, each with a link to its dashboard.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::auth::my_stores, components::ConsoleLayout, model::SiteInfo};

/// "Your stores": where owners and staff land after signing in.
#[component]
pub fn MyStoresPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let stores = Resource::new(|| (), |_| my_stores());
    view! {
        <Title text="Your stores | Arcade"/>
        <ConsoleLayout>
            <h1>"Your stores"</h1>
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading your stores…"</p> }>
                {move || {
                    let site = site.clone();
                    Suspend::new(async move {
                        match stores.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="muted">
                                    "Your account is not a member of any store yet. Ask a store's "
                                    "owner to invite you, or the platform to create your store."
                                </p>
                            }
                            .into_any(),
                            Ok(list) => view! {
                                <ul class="store-directory my-stores">
                                    {list
                                        .into_iter()
                                        .map(|s| {
                                            let href = site.dashboard_url(&s.code);
                                            view! {
                                                <li class="card">
                                                    <strong>{s.name}</strong>
                                                    <span class="muted">{format!("{} · {}", s.code, s.role)}</span>
                                                    <a href=href rel="external">"Open dashboard"</a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </ConsoleLayout>
    }
}
