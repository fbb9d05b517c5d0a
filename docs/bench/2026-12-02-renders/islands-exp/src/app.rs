use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::use_params_map,
    path,
};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------- server functions

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub id: u64,
    pub name: String,
    pub price_cents: u64,
    pub image: String,
    pub in_wishlist: bool,
}

fn demo_products() -> Vec<Product> {
    (1..=12)
        .map(|id| Product {
            id,
            name: format!("Product {id}"),
            price_cents: 999 + id * 250,
            image: format!("/img/p{id}.webp"),
            in_wishlist: id % 3 == 0,
        })
        .collect()
}

#[server]
pub async fn list_products() -> Result<Vec<Product>, ServerFnError> {
    Ok(demo_products())
}

#[server]
pub async fn get_product(id: u64) -> Result<Option<Product>, ServerFnError> {
    Ok(demo_products().into_iter().find(|p| p.id == id))
}

#[server]
pub async fn cart_count() -> Result<u32, ServerFnError> {
    Ok(3)
}

#[server]
pub async fn add_to_cart(product_id: u64, quantity: u32) -> Result<u32, ServerFnError> {
    if quantity == 0 || quantity > 99 {
        return Err(ServerFnError::new("quantity must be 1 to 99"));
    }
    Ok((product_id % 7) as u32 + quantity)
}

#[server]
pub async fn toggle_wishlist(product_id: u64, on: bool) -> Result<bool, ServerFnError> {
    let _ = product_id;
    Ok(on)
}

// ---------------------------------------------------------------- shell and app (server)

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HydrationScripts options islands=cfg!(feature = "islands-runtime")/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Demo store"/>
        <Router>
            <Header/>
            <main>
                <Routes fallback=|| view! { <p>"Page not found."</p> }>
                    <Route path=path!("") view=CatalogPage/>
                    <Route path=path!("products/:id") view=ProductPage/>
                </Routes>
            </main>
            <Footer/>
            <LiveTheme events_url="/api/theme-events".to_string()/>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <A href="/">"Demo store"</A>
            <nav aria-label="Main">
                <A href="/">"Catalog"</A>
                <a href="/about">"About"</a>
            </nav>
            <CartBadge/>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! { <footer><p>"© Demo store"</p><a href="/privacy">"Privacy"</a>{probe()}</footer> }
}

#[component]
fn CatalogPage() -> impl IntoView {
    let products = Resource::new(|| (), |_| list_products());
    view! {
        <Title text="Catalog"/>
        <h1>"Catalog"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match products.await {
                    Ok(list) => view! { <ProductGrid products=list/> }.into_any(),
                    Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
    let product = Resource::new(id, get_product);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(Some(p)) => view! {
                        <Title text=p.name.clone()/>
                        <h1>{p.name.clone()}</h1>
                        <img src=p.image.clone() alt=p.name.clone() width="480" height="480"/>
                        <p class="price">{format_price(p.price_cents)}</p>
                        <AddToCartButton product_id=p.id/>
                        <WishlistToggle product_id=p.id initial=p.in_wishlist/>
                    }.into_any(),
                    Ok(None) => view! { <p>"No such product."</p> }.into_any(),
                    Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductGrid(products: Vec<Product>) -> impl IntoView {
    view! {
        <ul class="grid">
            {products.into_iter().map(|p| view! { <ProductCard p=p/> }).collect_view()}
        </ul>
    }
}

#[component]
fn ProductCard(p: Product) -> impl IntoView {
    let href = format!("/products/{}", p.id);
    view! {
        <li class="card">
            <A href=href>
                <img src=p.image.clone() alt=p.name.clone() width="240" height="240" loading="lazy"/>
                <h2>{p.name.clone()}</h2>
            </A>
            <p class="price">{format_price(p.price_cents)}</p>
            <AddToCartButton product_id=p.id/>
            <WishlistToggle product_id=p.id initial=p.in_wishlist/>
        </li>
    }
}

fn format_price(cents: u64) -> String {
    format!("€{}.{:02}", cents / 100, cents % 100)
}

// ---------------------------------------------------------------- the four interactive parts

/// Cart count, fetched once the page is live.
#[cfg_attr(all(feature = "islands-runtime", feature = "i-badge"), island)]
#[cfg_attr(not(all(feature = "islands-runtime", feature = "i-badge")), component)]
pub fn CartBadge() -> impl IntoView {
    let count = RwSignal::new(None::<u32>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(n) = cart_count().await {
                count.set(Some(n));
            }
        });
    });
    view! {
        <a class="cart" href="/cart">
            "Cart "
            <span class="badge" aria-live="polite">
                {move || count.get().map(|n| n.to_string()).unwrap_or_default()}
            </span>
        </a>
    }
}

/// Quantity and button; shows the new cart count or the error.
#[cfg_attr(all(feature = "islands-runtime", feature = "i-add"), island)]
#[cfg_attr(not(all(feature = "islands-runtime", feature = "i-add")), component)]
pub fn AddToCartButton(product_id: u64) -> impl IntoView {
    let quantity = RwSignal::new(1u32);
    let add = Action::new(move |q: &u32| add_to_cart(product_id, *q));
    view! {
        <form class="add" on:submit=move |ev| {
            ev.prevent_default();
            add.dispatch(quantity.get_untracked());
        }>
            <label>
                "Quantity "
                <input type="number" min="1" max="99"
                    prop:value=move || quantity.get().to_string()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse() {
                            quantity.set(v);
                        }
                    }/>
            </label>
            <button type="submit" disabled=move || add.pending().get()>"Add to cart"</button>
            <p role="status">
                {move || match add.value().get() {
                    None => String::new(),
                    Some(Ok(n)) => format!("Added. {n} items in your cart."),
                    Some(Err(e)) => format!("Could not add: {e}"),
                }}
            </p>
        </form>
    }
}

/// Toggle with aria-pressed; the server's answer is the truth.
#[cfg_attr(all(feature = "islands-runtime", feature = "i-wish"), island)]
#[cfg_attr(not(all(feature = "islands-runtime", feature = "i-wish")), component)]
pub fn WishlistToggle(product_id: u64, initial: bool) -> impl IntoView {
    let on = RwSignal::new(initial);
    let toggle = Action::new(move |want: &bool| toggle_wishlist(product_id, *want));
    Effect::new(move |_| {
        if let Some(Ok(v)) = toggle.value().get() {
            on.set(v);
        }
    });
    view! {
        <button type="button" class="wish"
            aria-pressed=move || if on.get() { "true" } else { "false" }
            on:click=move |_| {
                toggle.dispatch(!on.get_untracked());
            }>
            {move || if on.get() { "Saved" } else { "Save" }}
        </button>
    }
}

/// Follows the store's theme over server-sent events: each message is a JSON list of
/// (custom property, value) pairs set on the root element.
#[cfg_attr(all(feature = "islands-runtime", feature = "i-theme"), island)]
#[cfg_attr(not(all(feature = "islands-runtime", feature = "i-theme")), component)]
pub fn LiveTheme(events_url: String) -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        listen(&events_url);
        #[cfg(not(feature = "hydrate"))]
        let _ = &events_url;
    });
    view! { <span hidden></span> }
}

#[cfg(feature = "hydrate")]
fn listen(url: &str) {
    use wasm_bindgen::{closure::Closure, JsCast};

    let Ok(source) = web_sys::EventSource::new(url) else { return };
    let on_theme = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let Some(vars) = e
            .data()
            .as_string()
            .and_then(|d| serde_json::from_str::<Vec<(String, String)>>(&d).ok())
        else {
            return;
        };
        let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let style = root.style();
        for (name, value) in vars {
            if name.starts_with("--") {
                let _ = style.set_property(&name, &value);
            }
        }
    });
    let _ = source.add_event_listener_with_callback("theme", on_theme.as_ref().unchecked_ref());
    on_theme.forget();
    std::mem::forget(source);
}

#[cfg(feature = "i-counter")]
fn probe() -> impl IntoView {
    view! { <Counter/> }
}

#[cfg(not(feature = "i-counter"))]
fn probe() -> impl IntoView {}

/// Probe only: a trivial island with a signal and a click handler, no server function.
#[cfg_attr(all(feature = "islands-runtime", feature = "i-counter"), island)]
#[cfg_attr(not(all(feature = "islands-runtime", feature = "i-counter")), component)]
pub fn Counter() -> impl IntoView {
    let n = RwSignal::new(0u32);
    view! { <button type="button" on:click=move |_| n.update(|n| *n += 1)>{move || n.get()}</button> }
}
