//! Inviting people to a store's team: the link goes by mail to the invited address, never
//! back to whoever invited, and the answer is the same whether the address has an account.

use crate::{
    error::ApiError,
    server::{
        auth::Role,
        db::{users, StoreId},
        mail::compose::{self, Sender},
        write::Write,
    },
};

/// The store someone is invited to.
#[derive(Clone, Copy, Debug)]
pub struct Team<'a> {
    pub id: StoreId,
    pub code: &'a str,
    pub name: &'a str,
}

/// Makes `email` a member of `team` with `role` inside `w`, and mails them: a set-password
/// link when their address is not proven yet, else a note that they were added. Nothing is
/// answered to the inviter but success.
pub async fn invite(
    w: &mut Write,
    admin_origin: &str,
    team: Team<'_>,
    email: &str,
    role: Role,
) -> Result<(), ApiError> {
    let token = users::invite(w.conn(), team.id, email, role.as_str()).await?;
    let from = Sender::store(team.id, team.name);
    let mail = match token {
        Some(t) => {
            compose::invite(from, email, role.as_str(), &format!("{admin_origin}/set-password?token={t}"))
        }
        None => compose::added(from, email, role.as_str(), &format!("{admin_origin}/store/{}/", team.code)),
    };
    w.mail(&mail).await
}
