//! The future that a generated method returns: the request the method built, sent when the
//! future is first polled, and the method's decoding of the response.
//!
//! A generated method used to be an `async fn`, so every operation compiled a state machine of
//! its own around the one shared `send`. Now the method only builds the request and names how
//! its statuses decode ([`Decode`]); [`Call`] is the one state machine, written once here. The
//! method's callers are unchanged: they `.await` it, spawn it or pin it as before.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::request::{Failure, RequestBuilder};
use crate::{Error, Response, ResponseValue, Runtime};

/// How a method turns a response into its result: one of the [`success`](crate::success)
/// decoders, or a status match of its own over its documented responses. It gets the runtime
/// too, to report a success that breaks the spec's constraints.
pub type Decode<T, E> = fn(&Runtime, Response) -> Result<ResponseValue<T>, Error<E>>;

/// The response of [`Call`]'s request, boxed because its future is large and the same for
/// every operation.
type Sending<'a> = Pin<Box<dyn Future<Output = Result<Response, Failure>> + Send + 'a>>;

/// A request on its way, returned by each generated method: `.await` it for the decoded
/// result. Nothing is sent until it is first polled.
#[must_use = "a call sends nothing until it is awaited"]
pub struct Call<'a, T, E> {
    runtime: &'a Runtime,
    decode: Decode<T, E>,
    state: State<'a>,
}

// The builder is moved once, into the boxed future; boxing it as well would cost a second
// allocation per call.
#[allow(clippy::large_enum_variant)]
enum State<'a> {
    /// Built, not yet polled.
    Built(RequestBuilder<'a>),
    /// Sent; waiting for the response.
    Sending(Sending<'a>),
    /// The result has been returned.
    Done,
}

impl<'a> RequestBuilder<'a> {
    /// The call that sends this request and decodes its response with `decode`.
    pub fn call<T, E>(self, decode: Decode<T, E>) -> Call<'a, T, E> {
        Call {
            runtime: self.runtime(),
            decode,
            state: State::Built(self),
        }
    }
}

impl<T, E> Future for Call<'_, T, E> {
    type Output = Result<ResponseValue<T>, Error<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `Call` is `Unpin`: the request's own future is boxed.
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Built(request) => {
                    this.state = State::Sending(Box::pin(request.send_untyped()))
                }
                State::Sending(mut sending) => {
                    return match sending.as_mut().poll(cx) {
                        Poll::Pending => {
                            this.state = State::Sending(sending);
                            Poll::Pending
                        }
                        Poll::Ready(Ok(response)) => {
                            Poll::Ready((this.decode)(this.runtime, response))
                        }
                        Poll::Ready(Err(failure)) => Poll::Ready(Err(failure.into_error())),
                    };
                }
                // Polling a finished future is a caller's bug; as std's futures do, say so.
                #[allow(clippy::panic)]
                State::Done => panic!("a clientgen `Call` was polled after it returned its result"),
            }
        }
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Built(_) => "built",
            State::Sending(_) => "sending",
            State::Done => "done",
        };
        formatter
            .debug_struct("Call")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::Call;

    /// A call can be spawned and polled in place, whatever its success and error types are.
    #[test]
    fn a_call_is_send_and_unpin() {
        fn assert_send_unpin<T: Send + Unpin>() {}
        assert_send_unpin::<Call<'static, std::rc::Rc<()>, std::cell::Cell<u8>>>();
    }
}
