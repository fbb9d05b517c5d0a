//! The product list with search and sort.

use leptos::prelude::*;

use super::home::unreachable_store;
use crate::text::encode;
use crate::{
    components::{PageTitle, ProductGrid, StoreLayout, StoreMeta},
    error::ApiError,
    model::{ProductPage, ProductSort, SiteInfo},
};

/// The list URL for a search, sort and page (inside the store, without the base).
fn list_url(q: &str, sort: ProductSort, page: i64) -> String {
    let mut params = Vec::new();
    if !q.trim().is_empty() {
        params.push(format!("q={}", encode(q.trim())));
    }
    if sort != ProductSort::Featured {
        params.push(format!("sort={}", sort.as_str()));
    }
    if page > 1 {
        params.push(format!("page={page}"));
    }
    if params.is_empty() {
        "/shop/products".into()
    } else {
        format!("/shop/products?{}", params.join("&"))
    }
}

/// `/shop/products`: every product of the store, searchable and sortable, from the page
/// of results the server loaded for the request (see [`super::Catalog`]). The search is a
/// plain form: submitting it loads the list it asks for.
#[component]
pub fn ProductList(q: String, sort: ProductSort, products: Result<ProductPage, ApiError>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let store = site.store.clone().unwrap_or_else(unreachable_store);
    let layout = store.theme.layout;
    let action = site.href("/shop/products");
    let title = format!("{} | Products", store.name);
    let results = match products {
        Ok(result) => {
            let pages = (result.total + result.per_page - 1) / result.per_page.max(1);
            let current = result.page;
            let empty = result.products.is_empty();
            let pager = (pages > 1).then(|| {
                view! {
                    <nav class="pager" aria-label="Pages">
                        {(current > 1).then(|| view! { <a href=list_url(&q, sort, current - 1)>"← Previous"</a> })}
                        <span>{format!("Page {current} of {pages}")}</span>
                        {(current < pages).then(|| view! { <a href=list_url(&q, sort, current + 1)>"Next →"</a> })}
                    </nav>
                }
            });
            view! {
                <p class="muted result-count">{format!("{} products", result.total)}</p>
                {empty.then(|| view! { <p class="empty">"No products match your search."</p> })}
                <ProductGrid products=result.products layout/>
                {pager}
            }
            .into_any()
        }
        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
    };
    view! {
        <PageTitle text=title/>
        <StoreMeta description=format!("Every product of {}: search, sort and order online.", store.name)/>
        <StoreLayout>
            <div class="list-head">
                <h1>"Products"</h1>
                <form class="toolbar" method="get" action=action role="search">
                    <input type="search" name="q" placeholder="Search products" aria-label="Search products" value=q.clone()/>
                    <SortSelect sort=sort.as_str().to_string()/>
                    <button type="submit">"Search"</button>
                </form>
            </div>
            {results}
        </StoreLayout>
    }
}

/// The sort of the list; choosing one submits the search form it is in. An island: the
/// form works without it, with the search button.
#[island]
fn SortSelect(sort: String) -> impl IntoView {
    let sort = ProductSort::parse(&sort);
    let submit = |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if let Some(form) = event_target::<web_sys::HtmlSelectElement>(&ev).form() {
            let _ = form.request_submit();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <select name="sort" aria-label="Sort by" on:change=submit>
            {ProductSort::ALL
                .into_iter()
                .map(|o| view! { <option value=o.as_str() selected=sort == o>{o.label()}</option> })
                .collect_view()}
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_urls_carry_only_what_differs_from_defaults() {
        assert_eq!(list_url("", ProductSort::Featured, 1), "/shop/products");
        assert_eq!(
            list_url(" red mug ", ProductSort::PriceAsc, 2),
            "/shop/products?q=red%20mug&sort=price_asc&page=2"
        );
        assert_eq!(list_url("a&b=c", ProductSort::Featured, 1), "/shop/products?q=a%26b%3Dc");
    }
}
