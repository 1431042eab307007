//! A `tracing` subscriber for tests that keeps every span and event it is shown, so a test
//! can check what a client reports (and that nothing it must not show is in it).

use std::fmt;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Field names with the recorded values as text.
pub type Fields = Vec<(String, String)>;

/// One span as the subscriber saw it.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// The span's name.
    pub name: String,
    /// The fields its callsite declares.
    pub declared: Vec<String>,
    /// The values recorded, at creation or later.
    pub values: Fields,
}

/// A subscriber that keeps every span and event it is shown.
#[derive(Default, Clone)]
pub struct Capture {
    /// Every span, in creation order.
    pub spans: Arc<Mutex<Vec<Seen>>>,
    /// Every event's fields, in order.
    pub events: Arc<Mutex<Vec<Fields>>>,
}

/// Collects recorded field values as text.
struct Values<'a>(&'a mut Fields);

impl Visit for Values<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut seen = Seen {
            name: attributes.metadata().name().to_owned(),
            declared: attributes
                .metadata()
                .fields()
                .iter()
                .map(|field| field.name().to_owned())
                .collect(),
            values: Vec::new(),
        };
        attributes.record(&mut Values(&mut seen.values));
        let mut spans = self
            .spans
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        spans.push(seen);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self
            .spans
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(seen) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Values(&mut seen.values));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut values = Vec::new();
        event.record(&mut Values(&mut values));
        self.events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(values);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

impl Capture {
    /// The events recorded so far.
    pub fn events(&self) -> Vec<Fields> {
        self.events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}
