//! A catalog page of a storefront: header, product grid and footer are server-rendered
//! components; four small interactive parts are islands when the `islands` feature is on,
//! and ordinary hydrated components otherwise (the whole page then hydrates).

pub mod app;

/// The browser entry point.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "islands-runtime")]
    leptos::mount::hydrate_islands();
    #[cfg(not(feature = "islands-runtime"))]
    leptos::mount::hydrate_body(app::App);
}
