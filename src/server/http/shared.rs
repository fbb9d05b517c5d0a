//! The layers below one point, shared instead of copied. Each `from_fn` layer copies the
//! whole stack under it for every request it passes on (axum's `Next` owns its copy), and
//! every copy counts up the `Arc`s of the state those layers hold: counters that both
//! cores write, for each request, dozens of times. Behind [`Shared`] the stack below is one
//! `Arc`: the layers above copy that, and the stack is copied whole only for a request
//! that reaches it.

use std::{
    sync::Arc,
    task::{Context, Poll},
};

use tower::{util::Oneshot, Layer, Service, ServiceExt};

/// Wraps the stack below in [`Shared`].
#[derive(Clone, Copy, Debug, Default)]
pub struct SharedLayer;

impl<S> Layer<S> for SharedLayer {
    type Service = Shared<S>;
    fn layer(&self, below: S) -> Shared<S> {
        Shared(Arc::new(below))
    }
}

/// A stack of layers whose clone is one `Arc`'s.
#[derive(Debug)]
pub struct Shared<S>(Arc<S>);

impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<S, R> Service<R> for Shared<S>
where
    S: Service<R> + Clone,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Oneshot<S, R>;

    /// Ready: each call waits on its own copy's readiness.
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: R) -> Self::Future {
        S::clone(&self.0).oneshot(request)
    }
}
