//! Owner dashboard pages (`P/store/{code}/…`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::ConsoleLayout;

/// `/`: figures, storefront links and modules.
#[component]
pub fn DashboardHome() -> impl IntoView {
    view! { <Title text="Dashboard | Arcade"/><ConsoleLayout><h1>"Overview"</h1></ConsoleLayout> }
}

/// `/products`: the store's products.
#[component]
pub fn ProductsPage() -> impl IntoView {
    view! { <Title text="Products | Arcade"/><ConsoleLayout><h1>"Products"</h1></ConsoleLayout> }
}

/// `/products/new` and `/products/:id`: create or edit a product.
#[component]
pub fn ProductEditPage() -> impl IntoView {
    view! { <Title text="Product | Arcade"/><ConsoleLayout><h1>"Product"</h1></ConsoleLayout> }
}

/// `/domains`: custom domains and their verification.
#[component]
pub fn DomainsPage() -> impl IntoView {
    view! { <Title text="Domains | Arcade"/><ConsoleLayout><h1>"Domains"</h1></ConsoleLayout> }
}

/// `/keys`: API keys.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    view! { <Title text="API keys | Arcade"/><ConsoleLayout><h1>"API keys"</h1></ConsoleLayout> }
}
