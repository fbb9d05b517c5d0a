//! The platform's own landing page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::platform::featured_stores,
    components::{SkipLink, MAIN_ID},
    model::SiteInfo,
};

/// `P/`: what Arcade is and a few stores to visit.
#[component]
pub fn PlatformHome() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let stores = Resource::new(|| (), |_| featured_stores());
    let origin = site.platform_origin.clone();
    view! {
        <Title text="Arcade: storefronts for every brand"/>
        <SkipLink/>
        <header class="platform-header">
            <span class="brand">"Arcade"</span>
            // Accounts live on the console's origin alone; this page knows no session.
            <nav class="store-nav" aria-label="Account">
                <a href=site.admin_url("/login") rel="external">"Sign in"</a>
            </nav>
        </header>
        <main id=MAIN_ID class="page" tabindex="-1">
            <section class="hero platform-hero">
                <h1>"Storefronts for every brand, from one platform"</h1>
                <p>"Each store has its own theme, its own address and its own catalog."</p>
            </section>
            <h2>"Visit a store"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading stores…"</p> }>
                {move || {
                    let origin = origin.clone();
                    Suspend::new(async move {
                        match stores.await {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="muted">"No stores yet. Run " <code>"arcade seed --bench"</code> "."</p> }.into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <ul class="store-directory">
                                        {list
                                            .into_iter()
                                            .map(|s| {
                                                let sub = subdomain_url(&origin, &s.code);
                                                let path = format!("{origin}/stores/{}/", s.code);
                                                view! {
                                                    <li class="card">
                                                        <strong>{s.name}</strong>
                                                        <span class="muted">{s.code}</span>
                                                        <span class="links">
                                                            <a href=sub rel="external">"Subdomain"</a>
                                                            <a href=path rel="external">"Path"</a>
                                                        </span>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}

/// `http://P:port` + code → `http://code.P:port`.
fn subdomain_url(platform_origin: &str, code: &str) -> String {
    match platform_origin.split_once("://") {
        Some((scheme, host)) => format!("{scheme}://{code}.{host}/"),
        None => format!("http://{code}.{platform_origin}/"),
    }
}
