//! Admin console pages (`admin.P/…` and `P/admin/…`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::ConsoleLayout;

/// `/`: platform statistics and recent audit events.
#[component]
pub fn AdminHome() -> impl IntoView {
    view! { <Title text="Admin | Arcade"/><ConsoleLayout><h1>"Overview"</h1></ConsoleLayout> }
}

/// `/stores`: search, filter, sort and page through stores.
#[component]
pub fn StoresPage() -> impl IntoView {
    view! { <Title text="Stores | Arcade admin"/><ConsoleLayout><h1>"Stores"</h1></ConsoleLayout> }
}

/// `/stores/new`: the create-store form.
#[component]
pub fn NewStorePage() -> impl IntoView {
    view! { <Title text="New store | Arcade admin"/><ConsoleLayout><h1>"New store"</h1></ConsoleLayout> }
}

/// `/stores/import`: bulk creation from a CSV file.
#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <Title text="Import stores | Arcade admin"/><ConsoleLayout><h1>"Import stores"</h1></ConsoleLayout> }
}

/// `/stores/:code`: one store: details, status, modules, domains, members, delete.
#[component]
pub fn StorePage() -> impl IntoView {
    view! { <Title text="Store | Arcade admin"/><ConsoleLayout><h1>"Store"</h1></ConsoleLayout> }
}

/// `/audit`: the audit log with filters.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Title text="Audit log | Arcade admin"/><ConsoleLayout><h1>"Audit log"</h1></ConsoleLayout> }
}
