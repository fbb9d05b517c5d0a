//! The console home: platform figures, new stores per day and recent audit events; for a
//! signed-in user who is not an admin, their stores.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{load_error, MyStoresPage};
use crate::{
    api::admin::admin_stats,
    components::ConsoleLayout,
    model::{AuditEvent, PlatformStats, SiteInfo},
    text::datetime,
};

/// `/`: platform statistics and recent audit events; "Your stores" for everyone else
/// signed in (the guard lets no one else here).
#[component]
pub fn AdminHome() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    if !site.me.as_ref().is_some_and(|me| me.is_admin) {
        return view! { <MyStoresPage/> }.into_any();
    }
    let stats = Resource::new(|| (), |_| admin_stats());
    view! {
        <Title text="Admin | Arcade"/>
        <ConsoleLayout>
            <div class="admin-page">
                <h1>"Overview"</h1>
                <Suspense fallback=|| view! { <p class="muted" role="status">"Loading platform figures…"</p> }>
                    {move || Suspend::new(async move {
                        match stats.await {
                            Ok(s) => view! { <Overview s/> }.into_any(),
                            Err(e) => load_error(e, "the platform figures"),
                        }
                    })}
                </Suspense>
            </div>
        </ConsoleLayout>
    }
    .into_any()
}

/// Stat cards, the chart and the recent events.
#[component]
fn Overview(s: PlatformStats) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let cards = [
        (s.stores_active, "Active stores", Some(site.href("/stores?status=active"))),
        (s.stores_suspended, "Suspended stores", Some(site.href("/stores?status=suspended"))),
        (s.products, "Products", None),
        (s.orders, "Orders", None),
        (s.domains_pending, "Domains awaiting verification", None),
    ];
    view! {
        <section class="stats" aria-label="Platform figures">
            {cards
                .into_iter()
                .map(|(n, label, href)| {
                    let body = view! { <strong>{n}</strong><span>{label}</span> };
                    match href {
                        Some(href) => view! { <a class="stat stat-link" href=href>{body}</a> }.into_any(),
                        None => view! { <div class="stat">{body}</div> }.into_any(),
                    }
                })
                .collect_view()}
        </section>
        <div class="admin-columns">
            <section class="panel">
                <h2 id="created-chart-title">"New stores, last 14 days"</h2>
                <CreatedChart days=s.created_per_day/>
            </section>
            <section class="panel">
                <div class="section-head">
                    <h2>"Recent activity"</h2>
                    <a href=site.href("/audit")>"Full audit log →"</a>
                </div>
                <RecentEvents events=s.recent/>
            </section>
        </div>
        <nav class="actions" aria-label="Shortcuts">
            <a class="button" href=site.href("/stores/new")>"Create a store"</a>
            <a class="button secondary" href=site.href("/stores/import")>"Import stores from CSV"</a>
            <a class="button secondary" href=site.href("/stores")>"Browse stores"</a>
        </nav>
    }
}

const CHART_W: f64 = 560.0;
const CHART_H: f64 = 160.0;
const LABEL_H: f64 = 20.0;
const VALUE_H: f64 = 16.0;

/// Bars of stores created per day, each with its date and count as a tooltip and label.
#[component]
fn CreatedChart(days: Vec<(String, i64)>) -> impl IntoView {
    if days.is_empty() {
        return view! { <p class="muted">"No data yet."</p> }.into_any();
    }
    let total: i64 = days.iter().map(|(_, n)| n).sum();
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let slot = CHART_W / days.len() as f64;
    let plot = CHART_H - LABEL_H - VALUE_H;
    let summary = format!(
        "{total} stores created in the last {} days; {}",
        days.len(),
        days.iter().map(|(d, n)| format!("{d}: {n}")).collect::<Vec<_>>().join(", ")
    );
    let axis_y = (CHART_H - LABEL_H).to_string();
    let bars = days
        .into_iter()
        .enumerate()
        .map(|(i, (day, n))| {
            let h = (n as f64 / max * plot).max(if n > 0 { 2.0 } else { 0.0 });
            let x = i as f64 * slot + slot * 0.15;
            let y = VALUE_H + plot - h;
            let cx = i as f64 * slot + slot / 2.0;
            let label = day.get(8..10).unwrap_or(&day).trim_start_matches('0').to_string();
            let tip = format!("{day}: {n} {}", if n == 1 { "store" } else { "stores" });
            view! {
                <g class="bar">
                    <title>{tip}</title>
                    <rect
                        x=format!("{x:.1}")
                        y=format!("{y:.1}")
                        width=format!("{:.1}", slot * 0.7)
                        height=format!("{h:.1}")
                        rx="2"
                    ></rect>
                    <text class="bar-value" x=format!("{cx:.1}") y=format!("{:.1}", y - 4.0) text-anchor="middle">
                        {(n > 0).then(|| n.to_string())}
                    </text>
                    <text class="bar-label" x=format!("{cx:.1}") y=format!("{:.1}", CHART_H - 5.0) text-anchor="middle">
                        {label}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="bar-chart">
            <svg
                viewBox=format!("0 0 {CHART_W} {CHART_H}")
                role="img"
                aria-labelledby="created-chart-title"
                aria-describedby="created-chart-summary"
            >
                <line class="axis" x1="0" x2=CHART_W.to_string() y1=axis_y.clone() y2=axis_y></line>
                {bars}
            </svg>
            <figcaption id="created-chart-summary" class="muted">
                <span aria-hidden="true">{format!("{total} in total · day of month below each bar")}</span>
                <span class="visually-hidden">{summary}</span>
            </figcaption>
        </figure>
    }
    .into_any()
}

/// The last few audit events as a compact list.
#[component]
fn RecentEvents(events: Vec<AuditEvent>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    if events.is_empty() {
        return view! { <p class="muted">"Nothing has happened yet. Changes to stores show up here."</p> }
            .into_any();
    }
    view! {
        <ul class="event-list">
            {events
                .into_iter()
                .map(|e| {
                    let store = e.store_code.clone().map(|c| {
                        let href = site.href(&format!("/stores/{c}"));
                        view! { " · " <a href=href>{c}</a> }
                    });
                    view! {
                        <li>
                            <code>{e.action}</code>
                            {store}
                            <span class="muted">{format!(" · {} · {}", e.actor_email, datetime(e.at))}</span>
                            {(!e.detail.is_empty()).then(|| view! { <div class="event-detail">{e.detail}</div> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
