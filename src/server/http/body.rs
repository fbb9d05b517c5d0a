//! Reading a response body whole up to a bound, without losing it past the bound: a layer
//! that wants a page's bytes (to hash, keep or compress them) must still send on, as it is,
//! a body it could not hold, never an error page in place of an answer already made.

use axum::body::Body;
use bytes::{Bytes, BytesMut};
use futures::{stream, StreamExt};
use http_body_util::BodyExt;

/// What [`read_up_to`] found.
pub enum Read {
    /// The whole body, at most the bound.
    Whole(Bytes),
    /// A body longer than the bound, or one that failed part way: what was read, and the
    /// body as it was (those bytes, then the rest as it comes), to send on.
    Streamed { head: Bytes, body: Body },
}

/// Reads `body` whole if it is at most `max` bytes. Trailers are dropped: pages have none.
pub async fn read_up_to(mut body: Body, max: usize) -> Read {
    // One chunk, the common case (a rendered page), is taken without a copy.
    let mut first: Option<Bytes> = None;
    let mut more = BytesMut::new();
    loop {
        let frame = match body.frame().await {
            None => break,
            Some(Ok(frame)) => frame,
            Some(Err(e)) => {
                let head = joined(first, more);
                let failed = stream::iter([Ok(head.clone()), Err(e)]);
                return Read::Streamed { head, body: Body::from_stream(failed) };
            }
        };
        let Ok(data) = frame.into_data() else { continue };
        if first.is_none() && more.is_empty() {
            first = Some(data);
        } else {
            if let Some(f) = first.take() {
                more.extend_from_slice(&f);
            }
            more.extend_from_slice(&data);
        }
        if first.as_ref().map_or(more.len(), Bytes::len) > max {
            let head = joined(first, more);
            let replay = head.clone();
            let rest = stream::once(async { Ok::<_, axum::Error>(replay) }).chain(body.into_data_stream());
            return Read::Streamed { head, body: Body::from_stream(rest) };
        }
    }
    Read::Whole(joined(first, more))
}

fn joined(first: Option<Bytes>, more: BytesMut) -> Bytes {
    first.unwrap_or_else(|| more.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked(chunks: &[&'static str]) -> Body {
        let chunks: Vec<Result<Bytes, std::io::Error>> =
            chunks.iter().map(|c| Ok(Bytes::from_static(c.as_bytes()))).collect();
        Body::from_stream(stream::iter(chunks))
    }

    async fn all(body: Body) -> Bytes {
        body.collect().await.expect("a whole body").to_bytes()
    }

    #[tokio::test]
    async fn a_body_within_the_bound_is_read_whole() {
        for body in [Body::from("<p>page</p>"), chunked(&["<p>", "page", "</p>"])] {
            match read_up_to(body, 11).await {
                Read::Whole(b) => assert_eq!(b, "<p>page</p>"),
                Read::Streamed { .. } => panic!("within the bound"),
            }
        }
    }

    #[tokio::test]
    async fn a_longer_body_is_handed_back_whole_and_in_order() {
        for body in [Body::from("<p>page</p>"), chunked(&["<p>", "pa", "ge", "</p>"])] {
            match read_up_to(body, 4).await {
                Read::Whole(_) => panic!("over the bound"),
                Read::Streamed { head, body } => {
                    assert!(head.len() > 4 && "<p>page</p>".starts_with(std::str::from_utf8(&head).unwrap()));
                    assert_eq!(all(body).await, "<p>page</p>");
                }
            }
        }
    }
}
