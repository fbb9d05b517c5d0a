//! The store list's two views: cards and table rows.

use leptos::prelude::*;

use super::StatusBadge;
use crate::{
    components::StoreInitials,
    model::{SiteInfo, StoreSummary},
    text::date,
};

/// Stores as cards.
#[component]
pub fn StoreGrid(stores: Vec<StoreSummary>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    view! {
        <ul class="store-grid">
            {stores
                .into_iter()
                .map(|s| {
                    let href = site.href(&format!("/stores/{}", s.code));
                    // Uploads are served by the storefront, which a suspended store closes.
                    let logo = s.logo_url.as_ref().filter(|_| s.status == "active").map(|u| site.store_asset(&s.code, u));
                    let color = s.primary_color.to_string();
                    let status = s.status.clone();
                    view! {
                        <li class="store-card">
                            <div class="store-card-top">
                                <Swatch title=format!("Primary colour {color}") color/>
                                {match logo {
                                    Some(src) => view! { <img class="logo-sm" src=src alt="" loading="lazy" width="40" height="40"/> }.into_any(),
                                    None => view! { <StoreInitials name=s.name.clone() class="logo-sm"/> }.into_any(),
                                }}
                                <StatusBadge status=status/>
                            </div>
                            <a class="store-card-name" href=href>{s.name}</a>
                            <code>{s.code}</code>
                            <span class="muted">{format!("Created {}", date(s.created_at))}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Stores as table rows.
#[component]
pub fn StoreTable(stores: Vec<StoreSummary>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    view! {
        // A wide table scrolls inside its box instead of widening the page on a phone.
        <div class="table-scroll" role="region" aria-label="Stores" tabindex="0">
            <table class="store-table">
                <thead>
                    <tr>
                        <th scope="col">"Code"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Primary colour"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {stores
                        .into_iter()
                        .map(|s| {
                            let href = site.href(&format!("/stores/{}", s.code));
                            let color = s.primary_color.to_string();
                            view! {
                                <tr>
                                    <td><a href=href><code>{s.code}</code></a></td>
                                    <td>{s.name}</td>
                                    <td><StatusBadge status=s.status/></td>
                                    <td>
                                        <Swatch color=color.clone() small=true/>
                                        <code>{color}</code>
                                    </td>
                                    <td>{date(s.created_at)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A colour sample. The colour is an SVG `fill`, not an inline style: the pages' content
/// security policy allows no `style` attributes.
#[component]
fn Swatch(
    color: String,
    #[prop(optional)] small: bool,
    #[prop(optional, into)] title: Option<String>,
) -> impl IntoView {
    let class = if small { "swatch small" } else { "swatch" };
    view! {
        <span class=class title=title>
            <svg viewBox="0 0 1 1" aria-hidden="true" focusable="false">
                <rect width="1" height="1" fill=color/>
            </svg>
        </span>
    }
}
