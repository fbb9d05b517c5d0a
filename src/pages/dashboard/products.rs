//! The dashboard's product list: search, pages, delete.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{absolute, confirm, encode, load_error, upload_src};
use crate::{
    api::dashboard::{delete_product, owner_products},
    components::ConsoleLayout,
    error::ApiError,
    model::{format_price, OwnerProduct, OwnerProductPage, SiteInfo},
};

/// Deletes a product (id, name) and answers with its name.
type DeleteAction = Action<(i64, String), Result<String, ApiError>>;

/// The list URL for a search and page (inside the dashboard, without the base).
fn list_url(q: &str, page: i64) -> String {
    let mut params = Vec::new();
    if !q.trim().is_empty() {
        params.push(format!("q={}", encode(q.trim())));
    }
    if page > 1 {
        params.push(format!("page={page}"));
    }
    if params.is_empty() {
        "/products".into()
    } else {
        format!("/products?{}", params.join("&"))
    }
}

/// `/products`: the store's products.
#[component]
pub fn ProductsPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    let notice = move || query.read().get("notice").filter(|n| !n.trim().is_empty());
    let delete = Action::new(|p: &(i64, String)| {
        let (id, name) = p.clone();
        async move { delete_product(id).await.map(|_| name) }
    });
    let products =
        Resource::new(move || (q(), page(), delete.version().get()), |(q, p, _)| owner_products(q, p));

    let navigate = use_navigate();
    let search = NodeRef::<leptos::html::Input>::new();
    let on_search = {
        let site = site.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let text = search.get().map(|i| i.value()).unwrap_or_default();
            navigate(&site.href(&list_url(&text, 1)), absolute());
        }
    };
    let deleted = move || match delete.value().get() {
        Some(Ok(name)) => {
            Some(view! { <p class="notice" role="status">{format!("Deleted “{name}”.")}</p> }.into_any())
        }
        Some(Err(e)) => Some(
            view! { <p class="form-error" role="alert">{format!("Could not delete the product: {e}")}</p> }
                .into_any(),
        ),
        None => None,
    };
    view! {
        <Title text="Products | Arcade"/>
        <ConsoleLayout>
            <div class="page-head">
                <h1>"Products"</h1>
                <a class="button" href=site.href("/products/new")>"New product"</a>
            </div>
            {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {deleted}
            <form class="toolbar" method="get" action=site.href("/products") role="search" on:submit=on_search>
                <label for="product-search" class="visually-hidden">"Search products"</label>
                <input
                    id="product-search"
                    type="search"
                    name="q"
                    placeholder="Search by name"
                    value=q
                    prop:value=q
                    node_ref=search
                />
                <button type="submit">"Search"</button>
            </form>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading products…"</p> }>
                {move || Suspend::new(async move {
                    match products.await {
                        Ok(result) => view! { <ProductTable result q=q() delete/> }.into_any(),
                        Err(e) => load_error(e, "the products"),
                    }
                })}
            </Transition>
        </ConsoleLayout>
    }
}

/// One page of products with its pager, or the empty state.
#[component]
fn ProductTable(result: OwnerProductPage, q: String, delete: DeleteAction) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let pages = ((result.total + result.per_page - 1) / result.per_page.max(1)).max(1);
    let current = result.page;
    if result.products.is_empty() {
        return if !q.trim().is_empty() {
            view! {
                <div class="empty-state">
                    <p>{format!("No products match “{}”.", q.trim())}</p>
                    <a class="button secondary" href=site.href("/products")>"Show all products"</a>
                </div>
            }
            .into_any()
        } else if current > 1 {
            view! {
                <div class="empty-state">
                    <p>{format!("Page {current} is empty.")}</p>
                    <a class="button secondary" href=site.href(&list_url(&q, 1))>"Go to the first page"</a>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="empty-state">
                    <h2>"No products yet"</h2>
                    <p>"Add your first product and it appears on your storefront at once."</p>
                    <a class="button" href=site.href("/products/new")>"Add a product"</a>
                </div>
            }
            .into_any()
        };
    }
    let first = (current - 1) * result.per_page + 1;
    let last = first + result.products.len() as i64 - 1;
    let prev = (current > 1).then(|| site.href(&list_url(&q, current - 1)));
    let next = (current < pages).then(|| site.href(&list_url(&q, current + 1)));
    view! {
        <p class="muted result-count">{format!("{first}–{last} of {} products", result.total)}</p>
        <div class="table-scroll" role="region" aria-label="Products" tabindex="0">
            <table class="product-table">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Image"</span></th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Price"</th>
                        <th scope="col">"In stock"</th>
                        <th scope="col">"ID"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {result.products.into_iter().map(|p| view! { <ProductRow p delete/> }).collect_view()}
                </tbody>
            </table>
        </div>
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label="Pages">
                {prev.map(|href| view! { <a href=href rel="prev">"← Previous"</a> })}
                <span>{format!("Page {current} of {pages}")}</span>
                {next.map(|href| view! { <a href=href rel="next">"Next →"</a> })}
            </nav>
        })}
    }
    .into_any()
}

/// A product row: thumbnail, name linking to the editor, price, id, delete.
#[component]
fn ProductRow(p: OwnerProduct, delete: DeleteAction) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let href = site.href(&format!("/products/{}", p.id));
    let thumb = match &p.image_url {
        Some(url) => view! { <img class="thumb-sm" src=upload_src(&site, url) alt="" loading="lazy" width="48" height="48"/> }
            .into_any(),
        None => view! { <span class="thumb-sm placeholder" aria-hidden="true">{initial(&p.name)}</span> }.into_any(),
    };
    let (id, name) = (p.id, p.name.clone());
    let busy = move || delete.input().get().is_some_and(|(i, _)| i == id);
    let on_delete = move |_| {
        if confirm(&format!("Delete “{name}”? Shoppers will no longer see it. This cannot be undone.")) {
            delete.dispatch((id, name.clone()));
        }
    };
    view! {
        <tr>
            <td>{thumb}</td>
            <td><a href=href>{p.name.clone()}</a></td>
            <td>{format_price(p.price_cents)}</td>
            <td>{if p.stock == 0 { "Sold out".to_string() } else { p.stock.to_string() }}</td>
            <td class="muted">{p.id}</td>
            <td class="row-actions">
                <button
                    type="button"
                    class="danger small"
                    on:click=on_delete
                    disabled=busy
                    aria-label=format!("Delete {}", p.name)
                >
                    {move || if busy() { "Deleting…" } else { "Delete" }}
                </button>
            </td>
        </tr>
    }
}

/// The first letter of a name, for a product without an image.
fn initial(name: &str) -> String {
    name.chars().next().map(|c| c.to_uppercase().collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_urls_carry_only_what_differs_from_defaults() {
        assert_eq!(list_url("", 1), "/products");
        assert_eq!(list_url(" red mug ", 2), "/products?q=red%20mug&page=2");
    }
}
