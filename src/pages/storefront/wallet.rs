//! The wallet module on the storefront: a signed-in shopper's gift cards on their account
//! page, and paying with a gift card at checkout.

use leptos::prelude::*;

use crate::{
    api::wallet::{my_wallet, AddGiftCard},
    components::{action_error, FieldError, FormError},
    model::{format_price, Module, SiteInfo, WalletCard},
    text::date,
};

/// "Your wallet" on the account page: what it holds and a form to add a card.
#[component]
pub fn WalletSection() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    if !site.offers(Module::Wallet) {
        return ().into_any();
    }
    let add = ServerAction::<AddGiftCard>::new();
    let wallet = Resource::new(move || add.version().get(), |_| my_wallet());
    let error = action_error(add);
    let added = move || matches!(add.value().get(), Some(Ok(_))).then_some("Gift card added to your wallet.");
    view! {
        <section class="wallet" aria-labelledby="wallet-heading">
            <h2 id="wallet-heading">"Your wallet"</h2>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading your wallet…"</p> }>
                {move || Suspend::new(async move {
                    match wallet.await {
                        Ok(Some(w)) => view! {
                            <p class="wallet-balance">"Gift card balance: " <strong>{format_price(w.balance_cents)}</strong></p>
                            {(!w.cards.is_empty()).then(|| view! {
                                <ul class="wallet-cards">{w.cards.into_iter().map(|c| view! { <CardLine c/> }).collect_view()}</ul>
                            })}
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=add attr:class="stack wallet-add">
                <label for="code">"Add a gift card"</label>
                <input id="code" name="code" type="text" autocomplete="off" spellcheck="false" required aria-describedby="code-error"/>
                <FieldError error field="code"/>
                <FormError error fields=&["code"]/>
                <button type="submit" disabled=move || add.pending().get()>"Add to wallet"</button>
            </ActionForm>
            <p role="status">{added}</p>
        </section>
    }
    .into_any()
}

/// A card of the wallet: which, what is left, until when.
#[component]
fn CardLine(c: WalletCard) -> impl IntoView {
    // The stored expiry is the first second it no longer counts; people read the last day.
    let until = c.expires_at.map(|at| format!(", usable until {}", date(at - 1))).unwrap_or_default();
    view! { <li>{format!("Gift card …{}: {} left{until}", c.code_tail, format_price(c.balance_cents))}</li> }
}

/// The checkout's gift card fields, when the store offers the wallet: a code to type, and
/// for a signed-in shopper with a balance, paying from the wallet.
#[component]
pub fn GiftCardFields(
    code: RwSignal<String>,
    use_wallet: RwSignal<bool>,
    balance: Option<i64>,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    if !site.offers(Module::Wallet) {
        return ().into_any();
    }
    view! {
        <fieldset class="gift-card">
            <legend>"Gift card"</legend>
            {balance.filter(|b| *b > 0).map(|b| view! {
                <div class="choice">
                    <input type="checkbox" id="use_wallet" name="use_wallet" bind:checked=use_wallet/>
                    <label for="use_wallet">{format!("Pay with my wallet ({} available)", format_price(b))}</label>
                </div>
            })}
            <label for="gift_card">"Gift card code (optional)"</label>
            <input
                id="gift_card"
                name="gift_card"
                type="text"
                autocomplete="off"
                spellcheck="false"
                bind:value=code
                aria-invalid=move || message.get().is_some().to_string()
                aria-describedby="gift_card-error"
            />
            <p class="field-error" id="gift_card-error" role="alert">{message}</p>
            <p class="hint">"What the gift card does not cover, you pay with the method below."</p>
        </fieldset>
    }
    .into_any()
}
