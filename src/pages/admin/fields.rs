//! Form fields shared by the create-store form and the store page.

use leptos::prelude::*;

use crate::{api::error::ApiError, components::FieldError, model::is_hex_color};

/// Default colours of a new store (the platform theme).
pub const DEFAULT_COLORS: [&str; 3] = ["#3d5afe", "#ffffff", "#1f2328"];

/// A colour as a picker and a text box kept in sync; `field` names it in server errors.
#[component]
pub fn ColorField(
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<ApiError>>,
) -> impl IntoView {
    // The picker only holds valid colours; while the text is mid-edit it keeps the last one.
    let last_valid = RwSignal::new(if is_hex_color(&value.get_untracked()) {
        value.get_untracked().to_ascii_lowercase()
    } else {
        "#000000".to_string()
    });
    let on_text = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if is_hex_color(v.trim()) {
            last_valid.set(v.trim().to_ascii_lowercase());
        }
        value.set(v);
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        last_valid.set(v.clone());
        value.set(v);
    };
    let id = format!("color-{field}");
    let invalid = move || {
        let v = value.get();
        error.get().and_then(|e| e.for_field(field)).is_some()
            || !(v.trim().is_empty() || is_hex_color(v.trim()))
    };
    view! {
        <div class="color-field">
            <label for=id.clone()>{label}</label>
            <div class="color-inputs">
                <input
                    type="color"
                    aria-label=format!("{label}: colour picker")
                    value=last_valid.get_untracked()
                    prop:value=move || last_valid.get()
                    on:input=on_pick
                />
                <input
                    id=id
                    type="text"
                    inputmode="text"
                    autocomplete="off"
                    spellcheck="false"
                    maxlength="7"
                    pattern="#[0-9a-fA-F]{6}"
                    placeholder="#rrggbb"
                    aria-describedby=format!("{field}-error")
                    aria-invalid=move || invalid().to_string()
                    value=value.get_untracked()
                    prop:value=move || value.get()
                    on:input=on_text
                />
            </div>
            {move || {
                let v = value.get();
                let bad = !(v.trim().is_empty() || is_hex_color(v.trim()));
                let server = error.get().and_then(|e| e.for_field(field)).is_some();
                (bad && !server).then(|| view! { <p class="hint">"Use six hex digits, like #1a2b3c."</p> })
            }}
            <FieldError error field/>
        </div>
    }
}
