//! A storefront tab follows its store's theme: when the owner publishes, the server sends
//! the new custom properties over server-sent events and the page takes them at once.

use leptos::prelude::*;

/// Listens to the store's theme events once the page is live (never on the server).
pub fn follow_store_theme(events_url: String) {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        listen(&events_url);
        #[cfg(not(feature = "hydrate"))]
        let _ = &events_url;
    });
}

/// Opens the event stream; the browser reconnects by itself, sending the last event's id.
#[cfg(feature = "hydrate")]
fn listen(url: &str) {
    use wasm_bindgen::{closure::Closure, JsCast};

    let Ok(source) = web_sys::EventSource::new(url) else { return };
    let on_theme = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        if let Some(vars) =
            e.data().as_string().and_then(|d| serde_json::from_str::<Vec<(String, String)>>(&d).ok())
        {
            apply(&vars);
        }
    });
    let _ = source.add_event_listener_with_callback("theme", on_theme.as_ref().unchecked_ref());
    // Both live as long as the page: the browser keeps an open stream with a listener.
    on_theme.forget();
    std::mem::forget(source);
}

/// Sets each custom property on the root element, where it overrides the first HTML's
/// `:root` rule. Through the CSS object model, which the content security policy allows
/// (it forbids style attributes and unhashed style elements).
#[cfg(feature = "hydrate")]
pub fn apply(vars: &[(String, String)]) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    else {
        return;
    };
    let style = root.style();
    for (name, value) in vars {
        if name.starts_with("--") {
            let _ = style.set_property(name, value);
        }
    }
}
