//! Bulk store creation from a CSV file: the server reads the file into rows, then the
//! page sends them back in batches so it can show progress and a per-row report.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::admin::{import_stores, IMPORT_BATCH},
    components::ConsoleLayout,
    model::{ImportOutcome, ImportRow, SiteInfo},
};

/// An example file for the format help.
const SAMPLE: &str = "code,name,owner_email,modules,primary_color
blue-shop,Blue Shop,owner@example.com,reviews;wishlist,#1e88e5
green-shop,Green Shop,,,
";

/// The state of the page, shared by its parts.
#[derive(Clone, Copy)]
struct Import {
    /// The chosen file: name and rows.
    file: RwSignal<Option<(String, Vec<ImportRow>)>>,
    file_error: RwSignal<Option<String>>,
    running: RwSignal<bool>,
    /// Rows sent so far.
    done: RwSignal<usize>,
    results: RwSignal<Vec<ImportOutcome>>,
    /// Why the import stopped early.
    stopped: RwSignal<Option<String>>,
}

impl Import {
    fn new() -> Self {
        Self {
            file: RwSignal::new(None),
            file_error: RwSignal::new(None),
            running: RwSignal::new(false),
            done: RwSignal::new(0),
            results: RwSignal::new(Vec::new()),
            stopped: RwSignal::new(None),
        }
    }

    fn total(self) -> usize {
        self.file.with(|f| f.as_ref().map_or(0, |(_, rows)| rows.len()))
    }

    /// Sends every row, a batch at a time, collecting the outcomes.
    fn run(self) {
        let Some((_, rows)) = self.file.get_untracked() else { return };
        self.running.set(true);
        self.done.set(0);
        self.results.set(Vec::new());
        self.stopped.set(None);
        leptos::task::spawn_local(async move {
            for batch in rows.chunks(IMPORT_BATCH) {
                match import_stores(batch.to_vec()).await {
                    Ok(out) => {
                        self.results.update(|r| r.extend(out));
                        self.done.update(|d| *d += batch.len());
                    }
                    Err(e) => {
                        self.stopped.set(Some(e.to_string()));
                        break;
                    }
                }
            }
            self.running.set(false);
        });
    }
}

/// Reads the chosen file and has the server split it into rows; refuses large files
/// before reading them.
#[cfg(feature = "hydrate")]
fn read_file(state: Import, ev: leptos::ev::Event) {
    use crate::api::admin::{read_import_file, IMPORT_MAX_BYTES};
    use wasm_bindgen::JsCast;

    state.file.set(None);
    state.file_error.set(None);
    state.results.set(Vec::new());
    state.stopped.set(None);
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return;
    };
    let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
    let mib = 1_048_576.0;
    if file.size() > IMPORT_MAX_BYTES as f64 {
        state.file_error.set(Some(format!(
            "{} is {:.1} MB; files of at most {} MB are accepted. Split it into smaller files and import them one by one.",
            file.name(),
            file.size() / mib,
            IMPORT_MAX_BYTES as f64 / mib,
        )));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
        let Some(text) = text else {
            return state.file_error.set(Some(format!("{} could not be read as text.", file.name())));
        };
        match read_import_file(text).await {
            Ok(rows) => state.file.set(Some((file.name(), rows))),
            Err(e) => state.file_error.set(Some(format!("{}: {e}", file.name()))),
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_file(_: Import, _: leptos::ev::Event) {}

/// `/stores/import`: bulk creation from a CSV file.
#[component]
pub fn ImportPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let state = Import::new();
    view! {
        <Title text="Import stores | Arcade admin"/>
        <ConsoleLayout>
            <div class="admin-page">
                <h1>"Import stores"</h1>
                <section class="panel" aria-labelledby="format-title">
                    <h2 id="format-title">"File format"</h2>
                    <p>
                        "A CSV file with one store per line: " <code>"code,name,owner_email,modules,primary_color"</code>
                        ". The header line is optional; put a field in double quotes when it holds a comma, a quote (written twice) or a line break. Only code and name are required; separate modules with spaces or "
                        <code>";"</code>" (core modules are always on); the colour looks like " <code>"#3d5afe"</code>"."
                    </p>
                    <pre class="csv-sample">{SAMPLE}</pre>
                    <p class="hint">
                        "Running the same file twice is safe: codes that exist already are skipped, not changed. "
                        "New owners get a one-time set-password link, listed in the report."
                    </p>
                </section>
                <FileSection state/>
                <Progress state/>
                <Report state/>
                <p class="actions">
                    <a href=site.href("/stores")>"← All stores"</a>
                    <a href=site.href("/stores/new")>"Create one store by hand"</a>
                </p>
            </div>
        </ConsoleLayout>
    }
}

/// The file chooser and the button that starts the import.
#[component]
fn FileSection(state: Import) -> impl IntoView {
    let ready = move || state.file.with(Option::is_some) && !state.running.get();
    view! {
        <section class="panel" aria-labelledby="file-title">
            <h2 id="file-title">"Choose a file"</h2>
            <label for="csv-file">"CSV file (at most 2 MB, 10,000 rows)"</label>
            <input
                id="csv-file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby="csv-file-error csv-file-summary"
                disabled=move || state.running.get()
                on:change=move |ev| read_file(state, ev)
            />
            {move || state.file_error.get().map(|e| view! { <p id="csv-file-error" class="field-error" role="alert">{e}</p> })}
            {move || state.file.get().map(|(name, rows)| view! {
                <p id="csv-file-summary" class="hint">
                    {format!("{name}: {} rows to import, sent {IMPORT_BATCH} at a time.", rows.len())}
                </p>
            })}
            <div class="actions">
                <button type="button" disabled=move || !ready() on:click=move |_| state.run()>
                    {move || if state.results.with(Vec::is_empty) { "Import stores" } else { "Run the import again" }}
                </button>
            </div>
        </section>
    }
    .into_any()
}

/// The progress bar while (and after) batches are sent.
#[component]
fn Progress(state: Import) -> impl IntoView {
    (move || {
        let total = state.total();
        let started = state.running.get() || !state.results.with(Vec::is_empty) || state.stopped.with(Option::is_some);
        (started && total > 0).then(|| {
            let done = state.done.get();
            view! {
                <section class="panel import-progress" aria-labelledby="progress-title">
                    <h2 id="progress-title">{if state.running.get() { "Importing…" } else { "Import finished" }}</h2>
                    <progress max=total.to_string() value=done.to_string() aria-labelledby="progress-text"></progress>
                    <p id="progress-text" role="status">{format!("{done} of {total} rows")}</p>
                    {state.stopped.get().map(|e| view! {
                        <p class="form-error" role="alert">
                            {format!("The import stopped after {done} of {total} rows: {e}. ")}
                            "The rows sent so far are saved; run the import again to continue "
                            "(stores that exist already are skipped)."

                        </p>
                    })}
                </section>
            }
        })
    })
    .into_any()
}

/// Counts and the per-row outcomes.
#[component]
fn Report(state: Import) -> impl IntoView {
    let problems_only = RwSignal::new(false);
    (move || {
        let results = state.results.get();
        (!results.is_empty()).then(|| {
            let count = |r: &str| results.iter().filter(|o| o.result == r).count();
            let (created, skipped, failed) = (count("created"), count("skipped"), count("failed"));
            let rows = StoredValue::new(results);
            let shown = move || {
                let only = problems_only.get();
                rows.with_value(|r| {
                    r.iter().filter(|o| !only || o.result != "created").cloned().collect::<Vec<_>>()
                })
            };
            view! {
                <section class="panel" aria-labelledby="report-title">
                    <h2 id="report-title">"Report"</h2>
                    <ul class="import-summary">
                        <li><strong>{created}</strong>" created"</li>
                        <li><strong>{skipped}</strong>" skipped (already there)"</li>
                        <li class:has-failures={failed > 0}><strong>{failed}</strong>" failed"</li>
                    </ul>
                    <div class="check">
                        <input
                            id="problems-only"
                            type="checkbox"
                            prop:checked=move || problems_only.get()
                            on:change=move |ev| problems_only.set(event_target_checked(&ev))
                        />
                        <label for="problems-only">"Show only skipped and failed rows"</label>
                    </div>
                    <table class="import-report">
                        <thead>
                            <tr>
                                <th scope="col">"Line"</th>
                                <th scope="col">"Code"</th>
                                <th scope="col">"Result"</th>
                                <th scope="col">"Message"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || shown().into_iter().map(|o| {
                                let badge = match o.result.as_str() {
                                    "created" => "badge active",
                                    "skipped" => "badge",
                                    _ => "badge failed",
                                };
                                view! {
                                    <tr>
                                        <td>{o.line}</td>
                                        <td><code>{o.code}</code></td>
                                        <td><span class=badge>{o.result}</span></td>
                                        <td class="detail">{o.message}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        })
    })
    .into_any()
}
