//! The store list: search, filters, sort, keyset pages, grid or table.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    params::ParamsMap,
};

use super::{
    absolute, load_error,
    store_cards::{StoreGrid, StoreTable},
    with_query,
};
use crate::{
    api::admin::list_stores,
    components::ConsoleLayout,
    model::{Module, SiteInfo, StoreList, StoreSort},
};

/// Modules a store list can be filtered by: the optional ones (every store has the core ones).
fn optional_modules() -> impl Iterator<Item = Module> {
    Module::ALL.into_iter().filter(|m| !m.is_core())
}

/// The state of the list, as it lives in the URL.
#[derive(Clone, Debug, Default, PartialEq)]
struct ListQuery {
    q: String,
    status: String,
    module: String,
    sort: StoreSort,
    after: String,
    table: bool,
}

impl ListQuery {
    fn read(map: &ParamsMap) -> Self {
        let get = |k: &str| map.get(k).unwrap_or_default();
        let status = get("status");
        let module = get("module");
        Self {
            q: get("q").trim().to_string(),
            status: if matches!(status.as_str(), "active" | "suspended") { status } else { String::new() },
            module: if optional_modules().any(|m| m.key() == module) { module } else { String::new() },
            sort: StoreSort::parse(&get("sort")),
            after: get("after"),
            table: get("view") == "table",
        }
    }

    /// The list URL inside the console (without the base).
    fn url(&self) -> String {
        let sort = if self.sort == StoreSort::default() { "" } else { self.sort.as_str() };
        with_query(
            "/stores",
            &[
                ("q", &self.q),
                ("status", &self.status),
                ("module", &self.module),
                ("sort", sort),
                ("after", &self.after),
                ("view", if self.table { "table" } else { "" }),
            ],
        )
    }

    fn filtered(&self) -> bool {
        !(self.q.is_empty() && self.status.is_empty() && self.module.is_empty())
    }
}

/// `/stores`: search, filter, sort and page through stores.
#[component]
pub fn StoresPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let query = use_query_map();
    let state = Memo::new(move |_| ListQuery::read(&query.read()));
    let deleted = move || query.read().get("deleted");
    let stores = Resource::new(
        move || {
            let s = state.get();
            (s.q, s.status, s.module, s.sort, s.after)
        },
        |(q, status, module, sort, after)| {
            list_stores(q, status, module, sort, Some(after).filter(|a| !a.is_empty()))
        },
    );

    let navigate = use_navigate();
    let search = NodeRef::<leptos::html::Input>::new();
    let status = NodeRef::<leptos::html::Select>::new();
    let module = NodeRef::<leptos::html::Select>::new();
    let sort = NodeRef::<leptos::html::Select>::new();
    let apply = {
        let site = site.clone();
        move || {
            let current = state.get_untracked();
            let next = ListQuery {
                q: search.get().map(|i| i.value()).unwrap_or(current.q).trim().to_string(),
                status: status.get().map(|s| s.value()).unwrap_or(current.status),
                module: module.get().map(|s| s.value()).unwrap_or(current.module),
                sort: sort.get().map(|s| StoreSort::parse(&s.value())).unwrap_or(current.sort),
                after: String::new(),
                table: current.table,
            };
            navigate(&site.href(&next.url()), absolute());
        }
    };
    let on_submit = {
        let apply = apply.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    let on_change = move |_| apply();
    let view_link = {
        let site = site.clone();
        move |table: bool| site.href(&ListQuery { table, ..state.get() }.url())
    };
    let (grid_link, table_link) = (view_link.clone(), view_link);
    let is_table = Signal::derive(move || state.get().table);

    view! {
        <Title text="Stores | Arcade admin"/>
        <ConsoleLayout>
            <div class="admin-page">
                <div class="section-head">
                    <h1>"Stores"</h1>
                    <div class="actions tight">
                        <a class="button" href=site.href("/stores/new")>"New store"</a>
                        <a class="button secondary" href=site.href("/stores/import")>"Import CSV"</a>
                    </div>
                </div>
                {move || deleted().map(|c| view! { <p class="notice" role="status">{format!("Store {c} was deleted.")}</p> })}
                <form class="filters" method="get" action=site.href("/stores") role="search" on:submit=on_submit>
                    <div class="filter grow">
                        <label for="store-search">"Search"</label>
                        <input
                            id="store-search"
                            type="search"
                            name="q"
                            placeholder="Code, start of the name, or a domain"
                            aria-describedby="store-search-hint"
                            value=move || state.get().q
                            prop:value=move || state.get().q
                            node_ref=search
                        />
                    </div>
                    <div class="filter">
                        <label for="store-status">"Status"</label>
                        <select id="store-status" name="status" node_ref=status on:change=on_change.clone()>
                            {[("", "All"), ("active", "Active"), ("suspended", "Suspended")]
                                .into_iter()
                                .map(|(v, l)| view! { <option value=v selected=move || state.get().status == v>{l}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="filter">
                        <label for="store-module">"Module"</label>
                        <select id="store-module" name="module" node_ref=module on:change=on_change.clone()>
                            <option value="" selected=move || state.get().module.is_empty()>"Any"</option>
                            {optional_modules()
                                .map(|m| view! { <option value=m.key() selected=move || state.get().module == m.key()>{m.name()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="filter">
                        <label for="store-sort">"Sort"</label>
                        <select id="store-sort" name="sort" node_ref=sort on:change=on_change>
                            {StoreSort::ALL
                                .into_iter()
                                .map(|o| view! { <option value=o.as_str() selected=move || state.get().sort == o>{o.label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    {move || state.get().table.then(|| view! { <input type="hidden" name="view" value="table"/> })}
                    <button type="submit">"Search"</button>
                    <p id="store-search-hint" class="hint">
                        "Search by code (t0001), the start of the name (Blue), or a whole domain (shop.example.com)."
                    </p>
                </form>
                <div class="view-toggle" role="group" aria-label="Show stores as">
                    <a href=move || grid_link(false) aria-current=move || (!is_table.get()).then_some("true")>"Grid"</a>
                    <a href=move || table_link(true) aria-current=move || is_table.get().then_some("true")>"Table"</a>
                </div>
                <Transition fallback=|| view! { <p class="muted" role="status">"Loading stores…"</p> }>
                    {move || Suspend::new(async move {
                        match stores.await {
                            Ok(list) => view! { <Results list state=state.get_untracked() table=is_table/> }.into_any(),
                            Err(e) => load_error(e, "the stores"),
                        }
                    })}
                </Transition>
            </div>
        </ConsoleLayout>
    }
}

/// One page of stores with its pager, or the empty state.
#[component]
fn Results(list: StoreList, state: ListQuery, table: Signal<bool>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    if list.stores.is_empty() {
        return if state.filtered() {
            let clear =
                site.href(&ListQuery { table: state.table, sort: state.sort, ..Default::default() }.url());
            view! {
                <div class="empty-state">
                    <h2>"No stores match"</h2>
                    <p>"Try another search, or clear the filters."</p>
                    <div class="actions">
                        <a class="button secondary" href=clear>"Clear filters"</a>
                        <a class="button" href=site.href("/stores/new")>"Create a store"</a>
                    </div>
                </div>
            }
            .into_any()
        } else if !state.after.is_empty() {
            let first = site.href(&ListQuery { after: String::new(), ..state }.url());
            view! {
                <div class="empty-state">
                    <p>"There are no more stores."</p>
                    <a class="button secondary" href=first>"Back to the first page"</a>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="empty-state">
                    <h2>"No stores yet"</h2>
                    <p>"Create the first store, or import many at once from a CSV file."</p>
                    <div class="actions">
                        <a class="button" href=site.href("/stores/new")>"Create a store"</a>
                        <a class="button secondary" href=site.href("/stores/import")>"Import CSV"</a>
                    </div>
                </div>
            }
            .into_any()
        };
    }
    let count = list.stores.len();
    let first = (!state.after.is_empty())
        .then(|| site.href(&ListQuery { after: String::new(), ..state.clone() }.url()));
    let next = list.next.map(|after| site.href(&ListQuery { after, ..state.clone() }.url()));
    let stores = StoredValue::new(list.stores);
    view! {
        <p class="muted result-count" role="status">
            {format!("{count} {} on this page", if count == 1 { "store" } else { "stores" })}
        </p>
        {move || {
            let rows = stores.get_value();
            if table.get() { view! { <StoreTable stores=rows/> }.into_any() } else { view! { <StoreGrid stores=rows/> }.into_any() }
        }}
        {(first.is_some() || next.is_some()).then(|| view! {
            <nav class="pager" aria-label="Pages">
                {first.map(|href| view! { <a href=href>"⇤ First page"</a> })}
                {next.map(|href| view! { <a href=href rel="next">"Next page →"</a> })}
            </nav>
        })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_urls_carry_only_what_differs_from_defaults() {
        assert_eq!(ListQuery::default().url(), "/stores");
        let q = ListQuery {
            q: "blue shop".into(),
            status: "suspended".into(),
            module: "wallet".into(),
            sort: StoreSort::Code,
            after: "t0042".into(),
            table: true,
        };
        assert_eq!(
            q.url(),
            "/stores?q=blue%20shop&status=suspended&module=wallet&sort=code&after=t0042&view=table"
        );
    }

    #[test]
    fn unknown_filters_are_dropped() {
        let map: ParamsMap = [("status", "gone"), ("module", "cart"), ("sort", "x")].into_iter().collect();
        assert_eq!(ListQuery::read(&map), ListQuery::default());
    }
}
