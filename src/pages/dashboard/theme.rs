//! `/theme`: the theme editor. A control for every token, the preview beside them, contrast
//! warnings as the owner types; the draft saves itself after a pause; publish, discard,
//! a preview link, and the published versions to revert to. Staff see it read-only.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{load_error, theme_preview::ThemePreview};
use crate::{
    api::theme::{
        discard_theme_draft, load_theme_editor, publish_theme, revert_theme, save_theme_draft,
        theme_preview_link,
    },
    components::ConsoleLayout,
    error::ApiError,
    model::{contrast_warnings, Font, Theme, ThemeEditor, ThemeInput, ThemeVersion},
    text::datetime,
};

/// A pause in typing this long saves the draft.
const AUTOSAVE_MS: u64 = 1200;

#[component]
pub fn ThemePage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let editor = Resource::new(move || reload.get(), |_| load_theme_editor());
    view! {
        <Title text="Theme | Arcade"/>
        <ConsoleLayout>
            <h1>"Theme"</h1>
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading the theme…"</p> }>
                {move || Suspend::new(async move {
                    match editor.await {
                        Ok(e) => view! { <Editor e reload/> }.into_any(),
                        Err(e) => load_error(e, "the theme"),
                    }
                })}
            </Suspense>
        </ConsoleLayout>
    }
}

/// What happened last, said in the status line.
#[derive(Clone, PartialEq)]
enum DraftState {
    Unchanged,
    Pending,
    Saving,
    Saved,
    Failed(ApiError),
}

#[component]
fn Editor(e: ThemeEditor, reload: RwSignal<u32>) -> impl IntoView {
    let start = e.draft.as_ref().map(|d| d.theme.clone()).unwrap_or_else(|| e.published.clone());
    let input = RwSignal::new(ThemeInput::from(&start));
    let last_good = RwSignal::new(start);
    let theme = Memo::new(move |_| match input.with(ThemeInput::check) {
        Ok(t) => {
            last_good.set(t.clone());
            t
        }
        Err(_) => last_good.get_untracked(),
    });
    let problem = move |field: &'static str| {
        move || {
            input
                .with(|i| i.check().err())
                .and_then(|ps| ps.into_iter().find(|p| p.field == field))
                .map(|p| p.message)
        }
    };
    let can_edit = e.can_edit;
    let has_draft = RwSignal::new(e.draft.is_some());
    let saved = RwSignal::new(DraftState::Unchanged);
    let save = Action::new(move |i: &ThemeInput| save_theme_draft(i.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            saved.set(DraftState::Saved);
            has_draft.set(true);
        }
        Some(Err(err)) => saved.set(DraftState::Failed(err)),
        None => {}
    });
    // Autosave: every change starts the clock again; a valid form is saved when it stops.
    let generation = StoredValue::new(0u64);
    let changed = move || {
        if !can_edit {
            return;
        }
        saved.set(DraftState::Pending);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() == mine && input.with_untracked(|i| i.check().is_ok()) {
                    saved.set(DraftState::Saving);
                    save.dispatch(input.get_untracked());
                }
            },
            std::time::Duration::from_millis(AUTOSAVE_MS),
        );
    };
    let set = move |f: fn(&mut ThemeInput) -> &mut String, value: String| {
        input.update(|i| *f(i) = value);
        changed();
    };
    let warnings = move || contrast_warnings(&theme.get());
    // Each part its own view: one nested type for the whole form is too deep to compile.
    let colours = view! {
                <fieldset disabled=!can_edit>
                    <legend>"Colours"</legend>
                    <ColorField field="primary" label="Primary (buttons, links, header)" value=Signal::derive(move || input.with(|i| i.primary.clone())) on_input=move |v| set(|i| &mut i.primary, v) problem=Signal::derive(problem("primary"))/>
                    <ColorField field="secondary" label="Secondary" value=Signal::derive(move || input.with(|i| i.secondary.clone())) on_input=move |v| set(|i| &mut i.secondary, v) problem=Signal::derive(problem("secondary"))/>
                    <ColorField field="accent" label="Accent (badges, highlights)" value=Signal::derive(move || input.with(|i| i.accent.clone())) on_input=move |v| set(|i| &mut i.accent, v) problem=Signal::derive(problem("accent"))/>
                    <ColorField field="background" label="Background" value=Signal::derive(move || input.with(|i| i.background.clone())) on_input=move |v| set(|i| &mut i.background, v) problem=Signal::derive(problem("background"))/>
                    <ColorField field="text" label="Text" value=Signal::derive(move || input.with(|i| i.text.clone())) on_input=move |v| set(|i| &mut i.text, v) problem=Signal::derive(problem("text"))/>
                    <div class="contrast-warnings" role="status" aria-live="polite">
                        {move || warnings().into_iter().map(|w| view! {
                            <p class="warning">{format!("Low contrast ({}): {}", w.field, w.message)}</p>
                        }).collect_view()}
                    </div>
                </fieldset>
    }
    .into_any();
    let shape = view! {
                <fieldset disabled=!can_edit>
                    <legend>"Type and shape"</legend>
                    <label for="font">"Font"</label>
                    <select id="font" on:change=move |ev| set(|i| &mut i.font, event_target_value(&ev))>
                        {Font::ALL.into_iter().map(|f| view! {
                            <option value=f.key() selected=move || input.with(|i| i.font == f.key())>{f.label()}</option>
                        }).collect_view()}
                    </select>
                    <label for="radius">{move || format!("Corner radius: {} px", input.with(|i| i.radius.clone()))}</label>
                    <input id="radius" type="range" min="0" max="24" step="1" prop:value=move || input.with(|i| i.radius.clone())
                        on:input=move |ev| set(|i| &mut i.radius, event_target_value(&ev)) aria-describedby="radius-error"/>
                    <p class="field-error" id="radius-error" role="alert">{problem("radius")}</p>
                    <span class="label">"Product list"</span>
                    <div class="choices" role="radiogroup" aria-label="Product list">
                        {[("grid", "Grid"), ("list", "List")].into_iter().map(|(key, label)| view! {
                            <label class="choice">
                                <input type="radio" name="layout" value=key prop:checked=move || input.with(|i| i.layout == key)
                                    on:change=move |_| set(|i| &mut i.layout, key.to_string())/>
                                {label}
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
    }
    .into_any();
    let hero = view! {
                <fieldset disabled=!can_edit>
                    <legend>"Home page"</legend>
                    <TextField field="hero_heading" label="Heading (empty: “Welcome to” and the store's name)" max=80
                        value=Signal::derive(move || input.with(|i| i.hero_heading.clone())) on_input=move |v| set(|i| &mut i.hero_heading, v) problem=Signal::derive(problem("hero_heading"))/>
                    <TextField field="hero_text" label="Line under it" max=200
                        value=Signal::derive(move || input.with(|i| i.hero_text.clone())) on_input=move |v| set(|i| &mut i.hero_text, v) problem=Signal::derive(problem("hero_text"))/>
                </fieldset>
    }
    .into_any();
    view! {
        <p class="lead">
            "Change your store's colours, font and shape. The preview follows as you type; shoppers "
            "see nothing until you publish, and then every open storefront tab changes at once."
        </p>
        {(!can_edit).then(|| view! { <p class="notice" role="note">"Only the store owner can change the theme; you can look."</p> })}
        <div class="theme-editor">
            <form class="stack theme-controls" on:submit=move |ev| ev.prevent_default() novalidate>
                {colours}
                {shape}
                {hero}
                {can_edit.then(|| view! { <Actions input saved save has_draft reload/> })}
            </form>
            {view! { <ThemePreview theme store_name=e.store_name.clone() sample=e.sample.clone()/> }.into_any()}
        </div>
        {view! { <History history=e.history can_edit reload/> }.into_any()}
    }
}

#[component]
fn ColorField(
    field: &'static str,
    label: &'static str,
    value: Signal<String>,
    on_input: impl Fn(String) + Copy + Send + Sync + 'static,
    problem: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{field}-error");
    // The picker only takes a whole colour; while the text is being typed it keeps the last.
    let picker = move || Some(value.get()).filter(|v| crate::model::HexColor::parse(v).is_ok());
    view! {
        <div class="color-field">
            <label for=field>{label}</label>
            <div class="inline-field">
                <input type="color" prop:value=move || picker().unwrap_or_default() aria-label=format!("{label}: colour picker")
                    on:input=move |ev| on_input(event_target_value(&ev))/>
                <input id=field type="text" maxlength="7" spellcheck="false" prop:value=value
                    on:input=move |ev| on_input(event_target_value(&ev))
                    aria-invalid=move || problem.get().is_some().to_string() aria-describedby=error_id.clone()/>
            </div>
            <p class="field-error" id=error_id role="alert">{problem}</p>
        </div>
    }
}

#[component]
fn TextField(
    field: &'static str,
    label: &'static str,
    max: usize,
    value: Signal<String>,
    on_input: impl Fn(String) + Copy + Send + Sync + 'static,
    problem: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{field}-error");
    view! {
        <label for=field>{label}</label>
        <input id=field type="text" maxlength=max prop:value=value on:input=move |ev| on_input(event_target_value(&ev))
            aria-invalid=move || problem.get().is_some().to_string() aria-describedby=error_id.clone()/>
        <p class="field-error" id=error_id role="alert">{problem}</p>
    }
}

/// Save, publish, discard, preview link; and what the last of them did.
#[component]
fn Actions(
    input: RwSignal<ThemeInput>,
    saved: RwSignal<DraftState>,
    save: Action<ThemeInput, Result<(), ApiError>>,
    has_draft: RwSignal<bool>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let publish = Action::new(move |_: &()| async move {
        if input.with_untracked(|i| i.check().is_err()) {
            return Err(ApiError::invalid("theme", "fix the fields marked above first"));
        }
        save_theme_draft(input.get_untracked()).await?;
        publish_theme().await
    });
    let discard = Action::new(move |_: &()| discard_theme_draft());
    let link = Action::new(move |_: &()| async move {
        save_theme_draft(input.get_untracked()).await?;
        theme_preview_link().await
    });
    Effect::new(move |_| {
        if matches!(publish.value().get(), Some(Ok(()))) || matches!(discard.value().get(), Some(Ok(()))) {
            reload.update(|n| *n += 1);
        }
    });
    let status = move || match saved.get() {
        DraftState::Unchanged if has_draft.get() => "You have an unpublished draft.".to_string(),
        DraftState::Unchanged => "No changes yet.".into(),
        DraftState::Pending => "Unsaved changes…".into(),
        DraftState::Saving => "Saving the draft…".into(),
        DraftState::Saved => "Draft saved. Shoppers see it once you publish.".into(),
        DraftState::Failed(e) => format!("The draft was not saved: {e}"),
    };
    let outcome = move || {
        let err = [publish.value().get(), discard.value().get()].into_iter().flatten().find_map(Result::err);
        err.or_else(|| link.value().get().and_then(Result::err)).map(|e| e.to_string())
    };
    view! {
        <div class="theme-actions">
            <p class="muted" role="status">{status}</p>
            <button type="button" on:click=move |_| { publish.dispatch(()); } disabled=move || publish.pending().get()>"Publish"</button>
            <button type="button" class="secondary" on:click=move |_| { save.dispatch(input.get_untracked()); }>"Save draft"</button>
            <button type="button" class="secondary" on:click=move |_| { link.dispatch(()); }>"Preview link"</button>
            <button type="button" class="secondary" disabled=move || !has_draft.get() on:click=move |_| { discard.dispatch(()); }>"Discard draft"</button>
            <p class="form-error" role="alert">{outcome}</p>
            {move || link.value().get().and_then(Result::ok).map(|url| view! {
                <p class="notice" role="status">
                    "Share this link to show the draft on your store for a week (publishing or discarding ends it): "
                    <a href=url.clone() target="_blank" rel="noopener"><code class="copy">{url.clone()}</code></a>
                </p>
            })}
        </div>
    }
}

#[component]
fn History(history: Vec<ThemeVersion>, can_edit: bool, reload: RwSignal<u32>) -> impl IntoView {
    let revert = Action::new(move |v: &i64| revert_theme(*v));
    Effect::new(move |_| {
        if matches!(revert.value().get(), Some(Ok(()))) {
            reload.update(|n| *n += 1);
        }
    });
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"Published versions"</h2>
            <p class="form-error" role="alert">{move || revert.value().get().and_then(Result::err).map(|e| e.to_string())}</p>
            <ol class="theme-history">
                {history.into_iter().map(|v| {
                    let swatch: Theme = v.theme.clone();
                    view! {
                        <li>
                            <strong>{format!("Version {}", v.version)}</strong>
                            " · " {datetime(v.created_at)} " · " {if v.author.is_empty() { "—".to_string() } else { v.author.clone() }}
                            " · " <span class="muted">{format!("primary {}, background {}, text {}", swatch.primary, swatch.background, swatch.text)}</span>
                            {if v.published {
                                view! { " " <span class="badge">"Published"</span> }.into_any()
                            } else if can_edit {
                                let n = v.version;
                                view! { " " <button type="button" class="link-button" on:click=move |_| { revert.dispatch(n); }>
                                    {format!("Revert to version {n}")}</button> }.into_any()
                            } else {
                                ().into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
