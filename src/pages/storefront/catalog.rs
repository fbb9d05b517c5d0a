//! The storefront's catalog pages (home, product list, a product), as the server renders
//! them: their data first, then one synchronous render of the page's view.
//!
//! They are server-only HTML but for their islands (see
//! [`crate::pages::lazy::hydrates_islands`]), so no router or suspense is needed to make
//! them: what the page shows is loaded before it renders, through the same server functions
//! the browser would call. The server renders them in `crate::server::catalog`.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use super::{Home, ProductDetail, ProductList};
use crate::{
    components::{PageAt, StoreLayout},
    error::ApiError,
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
    Product(i64),
    NotFound,
}

#[cfg(feature = "ssr")]
impl Route {
    fn of(path: &str) -> Self {
        match path {
            "" | "/" => Self::Home,
            "/shop/products" => Self::List,
            _ => match path.strip_prefix("/shop/products/") {
                // An id that is not a number names a product no store has.
                Some(id) => id.parse().map_or(Self::NotFound, Self::Product),
                None => Self::NotFound,
            },
        }
    }
}

impl Catalog {
    /// The search of a query string, decoded as the router decodes it (empty if it cannot
    /// be): read once per request, by [`Catalog::load`] and [`Catalog::location`].
    pub fn search_params(query: &str) -> ParamsMap {
        if query.is_empty() {
            return ParamsMap::new();
        }
        let url = leptos_router::location::RequestUrl::new(&format!("http://localhost/?{query}")).parse();
        url.map(|u| u.search_params().clone()).unwrap_or_default()
    }

    /// Loads the page at `path` (below the store's base) with the `search` of its query.
    /// Runs under the request's owner, with its contexts: the server functions read the
    /// store from them.
    #[cfg(feature = "ssr")]
    pub async fn load(path: &str, search: &ParamsMap) -> Self {
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
                let q = search.get("q").unwrap_or_default();
                let sort = ProductSort::parse(&search.get("sort").unwrap_or_default());
                let page = search.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
                let products = list_products(q.clone(), sort, page).await;
                Self::List { q, sort, products }
            }
            Route::Product(id) => {
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

    /// Where the page at `path` with `search` is, for its meta tags.
    pub fn location(path: &str, search: &ParamsMap) -> PageAt {
        PageAt::new(path, search.get("page").as_deref())
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
    use super::{Catalog, Route};

    #[test]
    fn paths_name_their_page_and_nothing_else() {
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of(""), Route::Home);
        assert_eq!(Route::of("/shop/products"), Route::List);
        assert_eq!(Route::of("/shop/products/12"), Route::Product(12));
        assert_eq!(Route::of("/shop/products/-1"), Route::Product(-1));
        for path in [
            "/shop/products/",
            "/shop/products/abc",
            "/shop/products/99999999999999999999",
            "/shop/products/1/x",
            "/shop/productsx",
            "/shop",
            "//",
            "/x",
        ] {
            assert_eq!(Route::of(path), Route::NotFound, "{path:?}");
        }
    }

    #[test]
    fn query_values_are_decoded_once() {
        assert_eq!(Catalog::search_params("q=red%20mug&sort=name").get("q").as_deref(), Some("red mug"));
        assert_eq!(Catalog::search_params("q=%3Cscript%3E").get("q").as_deref(), Some("<script>"));
        let search = Catalog::search_params("q=a%26b%3Dc&page=2");
        assert_eq!((search.get("q").as_deref(), search.get("page").as_deref()), (Some("a&b=c"), Some("2")));
        assert_eq!(Catalog::search_params("").get("q"), None);
    }
}
