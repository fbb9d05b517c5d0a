//! The store list's two views: cards and table rows.

use leptos::prelude::*;

use super::{upload_src, StatusBadge};
use crate::{
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
                    let logo = s.logo_url.as_ref().filter(|_| s.status == "active").map(|u| upload_src(&site, &s.code, u));
                    let color = s.primary_color;
                    let status = s.status.clone();
                    view! {
                        <li class="store-card">
                            <div class="store-card-top" style=format!("--swatch:{color}")>
                                <span class="swatch" title=format!("Primary colour {color}")></span>
                                {logo.map(|src| view! { <img class="logo-sm" src=src alt="" loading="lazy" width="40" height="40"/> })}
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
                        let color = s.primary_color;
                        view! {
                            <tr>
                                <td><a href=href><code>{s.code}</code></a></td>
                                <td>{s.name}</td>
                                <td><StatusBadge status=s.status/></td>
                                <td>
                                    <span class="swatch small" style=format!("--swatch:{color}") aria-hidden="true"></span>
                                    <code>{color.to_string()}</code>
                                </td>
                                <td>{date(s.created_at)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
