//! The storefront's catalog pages (home, product list, a product), as the server renders
//! them: their data first, then one synchronous render of the page's view.
//!
//! They are server-only HTML but for their islands (see
//! [`crate::pages::lazy::hydrates_islands`]), so no router or suspense is needed to make
//! them: what the page shows is loaded before it renders, through the same server functions
//! the browser would call. The server renders them in `crate::server::catalog`.

use leptos::prelude::*;

use super::{Home, ProductDetail, ProductList};
use crate::{
    api::error::ApiError,
    components::{PageAt, StoreLayout},
    model::{Product, ProductPage, ProductReviews, ProductSort},
    pages::NotFound,
};

/// A catalog page and its data.
pub enum Catalog {
    Home(Result<ProductPage, ApiError>),
    List {
        q: String,
        sort: ProductSort,
        products: Result<ProductPage, ApiError>,
    },
    Product {
        product: Result<Option<Product>, ApiError>,
        reviews: Option<Result<ProductReviews, ApiError>>,
    },
    /// A path under the catalog that names no page (`/shop/products/x/y`, a trailing `/`).
    NotFound,
}

/// Which catalog page a path below the store's base asks for, before anything is loaded.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq)]
enum Route {
    Home,
    List,
    /// The id as given; one that is not a number is a product no store has.
    Product(Option<i64>),
    NotFound,
}

#[cfg(feature = "ssr")]
impl Route {
    fn of(path: &str) -> Self {
        match path {
            "" | "/" => Self::Home,
            "/shop/products" => Self::List,
            _ => match path.strip_prefix("/shop/products/") {
                Some(id) if !id.is_empty() && !id.contains('/') => Self::Product(id.parse().ok()),
                _ => Self::NotFound,
            },
        }
    }
}

/// The search's value of `key` in a query string, decoded as the router decodes it.
fn query_value(query: &str, key: &str) -> Option<String> {
    let url = leptos_router::location::RequestUrl::new(&format!("http://localhost/?{query}")).parse().ok()?;
    url.search_params().get(key)
}

impl Catalog {
    /// Loads the page at `path` (below the store's base) with `query`. Runs under the
    /// request's owner, with its contexts: the server functions read the store from them.
    #[cfg(feature = "ssr")]
    pub async fn load(path: &str, query: &str) -> Self {
        use crate::{
            api::{
                reviews::load_reviews,
                storefront::{get_product, list_products},
            },
            model::{Module, SiteInfo},
        };
        match Route::of(path) {
            Route::Home => Self::Home(list_products(String::new(), ProductSort::Featured, 1).await),
            Route::List => {
                let q = query_value(query, "q").unwrap_or_default();
                let sort = ProductSort::parse(&query_value(query, "sort").unwrap_or_default());
                let page = query_value(query, "page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
                let products = list_products(q.clone(), sort, page).await;
                Self::List { q, sort, products }
            }
            Route::Product(None) => Self::Product { product: Ok(None), reviews: None },
            Route::Product(Some(id)) => {
                let product = get_product(id).await;
                let reviews_offered = use_context::<SiteInfo>().is_some_and(|s| s.offers(Module::Reviews));
                let reviews = match &product {
                    Ok(Some(_)) if reviews_offered => Some(load_reviews(id).await),
                    _ => None,
                };
                Self::Product { product, reviews }
            }
            Route::NotFound => Self::NotFound,
        }
    }

    /// Where the page at `path` with `query` is, for its meta tags.
    pub fn location(path: &str, query: &str) -> PageAt {
        PageAt::new(path, query_value(query, "page").as_deref())
    }

    /// The page's view (the document around it is the shell's).
    pub fn view(self) -> AnyView {
        match self {
            Self::Home(featured) => view! { <Home featured/> }.into_any(),
            Self::List { q, sort, products } => view! { <ProductList q sort products/> }.into_any(),
            Self::Product { product, reviews } => view! { <ProductDetail product reviews/> }.into_any(),
            Self::NotFound => view! { <StoreLayout><NotFound/></StoreLayout> }.into_any(),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{query_value, Route};

    #[test]
    fn paths_name_their_page_and_nothing_else() {
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of(""), Route::Home);
        assert_eq!(Route::of("/shop/products"), Route::List);
        assert_eq!(Route::of("/shop/products/12"), Route::Product(Some(12)));
        assert_eq!(Route::of("/shop/products/abc"), Route::Product(None));
        assert_eq!(Route::of("/shop/products/99999999999999999999"), Route::Product(None));
        for path in ["/shop/products/", "/shop/products/1/x", "/shop/productsx", "/shop", "//", "/x"] {
            assert_eq!(Route::of(path), Route::NotFound, "{path:?}");
        }
    }

    #[test]
    fn query_values_are_decoded_once() {
        assert_eq!(query_value("q=red%20mug&sort=name", "q").as_deref(), Some("red mug"));
        assert_eq!(query_value("q=%3Cscript%3E", "q").as_deref(), Some("<script>"));
        assert_eq!(query_value("q=a%26b%3Dc&page=2", "page").as_deref(), Some("2"));
        assert_eq!(query_value("", "q"), None);
    }
}
