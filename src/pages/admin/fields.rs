//! Form fields shared by the create-store form and the store page.

use leptos::prelude::*;

use crate::{
    components::FieldError,
    error::ApiError,
    model::{ColorError, HexColor, Theme},
};

/// Default colours of a new store (the platform theme): primary, background, text.
pub fn default_colors() -> [String; 3] {
    let t = Theme::default();
    [t.primary, t.background, t.text].map(|c| c.to_string())
}

/// True when the text box holds something other than nothing (keep the current colour)
/// or a colour.
fn mistyped(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && HexColor::parse(v).is_err()
}

/// A colour as a picker and a text box kept in sync; `field` names it in server errors.
#[component]
pub fn ColorField(
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<ApiError>>,
) -> impl IntoView {
    // The picker only holds valid colours; while the text is mid-edit it keeps the last one.
    let last_valid =
        RwSignal::new(HexColor::parse(value.get_untracked().trim()).unwrap_or(HexColor::rgb(0, 0, 0)));
    let on_text = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Ok(c) = HexColor::parse(v.trim()) {
            last_valid.set(c);
        }
        value.set(v);
    };
    let on_pick = move |ev: leptos::ev::Event| {
        // The browser's picker always answers `#rrggbb`.
        if let Ok(c) = HexColor::parse(&event_target_value(&ev)) {
            last_valid.set(c);
            value.set(c.to_string());
        }
    };
    let id = format!("color-{field}");
    let invalid = move || {
        let v = value.get();
        error.get().and_then(|e| e.for_field(field)).is_some() || mistyped(&v)
    };
    view! {
        <div class="color-field">
            <label for=id.clone()>{label}</label>
            <div class="color-inputs">
                <input
                    type="color"
                    aria-label=format!("{label}: colour picker")
                    value=last_valid.get_untracked().to_string()
                    prop:value=move || last_valid.get().to_string()
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
                let bad = mistyped(&v);
                let server = error.get().and_then(|e| e.for_field(field)).is_some();
                (bad && !server).then(|| view! { <p class="hint">{ColorError.to_string()}</p> })
            }}
            <FieldError error field/>
        </div>
    }
}

/// The store's name and its three colours, as the create form and the store page ask
/// for them; `hint` is a line under the colours.
#[component]
pub fn NameAndColours(
    name: RwSignal<String>,
    colours: [RwSignal<String>; 3],
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let [primary, background, text] = colours;
    let name_invalid = move || error.get().and_then(|e| e.for_field("name")).is_some().to_string();
    view! {
        <label for="name">"Name"</label>
        <input
            id="name"
            type="text"
            required
            maxlength="100"
            aria-describedby="name-error"
            aria-invalid=name_invalid
            value=name.get_untracked()
            prop:value=move || name.get()
            on:input=move |ev| name.set(event_target_value(&ev))
        />
        <FieldError error field="name"/>
        <fieldset class="color-fields">
            <legend>"Colours"</legend>
            <ColorField field="primary" label="Primary" value=primary error/>
            <ColorField field="background" label="Background" value=background error/>
            <ColorField field="text" label="Text" value=text error/>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
        </fieldset>
    }
}
