//! `/gift-cards` (the wallet module): issue gift cards (the code is shown once) and see
//! what each one has left.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;

use super::{is_owner, load_error};
use crate::{
    api::wallet::{gift_cards, IssueGiftCard},
    components::{action_error, ConsoleLayout, FieldError, FormError},
    model::{format_price, GiftCard, GiftCardInput, SiteInfo},
    text::date,
};

#[component]
pub fn GiftCardsPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let issue = ServerAction::<IssueGiftCard>::new();
    let cards = Resource::new(move || issue.version().get(), |_| gift_cards());
    view! {
        <Title text="Gift cards | Arcade"/>
        <ConsoleLayout>
            <h1>"Gift cards"</h1>
            <p class="lead">
                "Shoppers spend a gift card at checkout, all at once or over several orders, and can keep it in "
                "their account's wallet. A cancelled order gives back what the card paid."
            </p>
            {if is_owner(&site) {
                view! { <IssueForm issue/> }.into_any()
            } else {
                view! { <p class="hint">"Only the store owner can issue gift cards."</p> }.into_any()
            }}
            <h2>"Issued cards"</h2>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading gift cards…"</p> }>
                {move || Suspend::new(async move {
                    match cards.await {
                        Ok(list) if list.is_empty() => view! { <p>"No gift cards issued yet."</p> }.into_any(),
                        Ok(list) => view! { <CardTable list/> }.into_any(),
                        Err(e) => load_error(e, "the gift cards"),
                    }
                })}
            </Transition>
        </ConsoleLayout>
    }
}

/// Amount and optional last day; the new code, shown once.
#[component]
fn IssueForm(issue: ServerAction<IssueGiftCard>) -> impl IntoView {
    let error = action_error(issue);
    let (amount, expires) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        issue
            .dispatch(IssueGiftCard { card: GiftCardInput { amount: amount.get(), expires: expires.get() } });
    };
    let invalid = move |field: &'static str| {
        move || error.get().is_some_and(|e| e.for_field(field).is_some()).to_string()
    };
    let issued = move || match issue.value().get() {
        Some(Ok(new)) => Some(view! {
            <section class="new-key" role="status" aria-labelledby="new-card-heading">
                <h2 id="new-card-heading">{format!("New gift card worth {}", format_price(new.card.initial_cents))}</h2>
                <p class="warning">
                    <strong>"Copy the code now: it will not be shown again."</strong>
                    " Whoever has the code can spend the card. We keep only a fingerprint of it."
                </p>
                <code class="secret copy" tabindex="0">{new.code}</code>
                <button type="button" class="secondary" on:click=move |_| issue.clear()>"I have copied it"</button>
            </section>
        }),
        _ => None,
    };
    view! {
        <form class="stack" on:submit=on_submit novalidate>
            <label for="amount">"Amount"</label>
            <input id="amount" name="amount" type="text" inputmode="decimal" placeholder="25.00" required
                bind:value=amount aria-invalid=invalid("amount") aria-describedby="amount-error"/>
            <FieldError error field="amount"/>
            <label for="expires">"Last day it can be used (optional)"</label>
            <input id="expires" name="expires" type="date" bind:value=expires
                aria-invalid=invalid("expires") aria-describedby="expires-hint expires-error"/>
            <p class="hint" id="expires-hint">"Leave empty for a card that never expires."</p>
            <FieldError error field="expires"/>
            <FormError error fields=&["amount", "expires"]/>
            <button type="submit" disabled=move || issue.pending().get()>
                {move || if issue.pending().get() { "Issuing…" } else { "Issue gift card" }}
            </button>
        </form>
        {issued}
    }
}

#[component]
fn CardTable(list: Vec<GiftCard>) -> impl IntoView {
    view! {
        <table class="data">
            <caption class="visually-hidden">"Gift cards, newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Card"</th><th scope="col">"Issued"</th><th scope="col">"Value"</th>
                    <th scope="col">"Left"</th><th scope="col">"Last day"</th><th scope="col">"State"</th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|c| {
                    let state = if c.expired {
                        "Expired"
                    } else if c.balance_cents == 0 {
                        "Spent"
                    } else if c.in_wallet {
                        "In a shopper's wallet"
                    } else {
                        "Not yet used"
                    };
                    view! {
                        <tr>
                            <td><code>{c.label()}</code></td>
                            <td>{date(c.created_at)}</td>
                            <td>{format_price(c.initial_cents)}</td>
                            <td>{format_price(c.balance_cents)}</td>
                            <td>{c.expires_at.map(|at| date(at - 1)).unwrap_or_else(|| "Never expires".into())}</td>
                            <td>{state}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
