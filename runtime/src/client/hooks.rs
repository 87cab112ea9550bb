//! The client's escape hatches: headers and typed values a caller attaches
//! to the requests of one client value ([`Core::with_header`],
//! [`Core::with_extension`]), and hooks that see each request before it is
//! sent and each response before it is decoded.
//!
//! [`Core::with_header`]: super::Core::with_header
//! [`Core::with_extension`]: super::Core::with_extension

use std::any::{Any, TypeId};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::response::Response;

/// Typed values attached to requests for hooks to read (a trace id, a
/// tenant...), one per type; cloning shares them.
#[derive(Clone, Default)]
pub struct Extensions {
    values: BTreeMap<TypeId, Arc<dyn Any + Send + Sync>>,
}

impl Extensions {
    /// `value`, replacing an earlier value of its type.
    pub fn insert<T: Send + Sync + 'static>(&mut self, value: T) {
        self.values.insert(TypeId::of::<T>(), Arc::new(value));
    }

    /// The value of type `T`, if one was attached.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.values.get(&TypeId::of::<T>()).and_then(|value| value.downcast_ref())
    }
}

impl fmt::Debug for Extensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Extensions").field("len", &self.values.len()).finish()
    }
}

/// What a hook is told about the request at hand.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The operation's `operationId` (or `<method> <path>` where it has none).
    pub operation: &'static str,
    /// The operation's path template as the spec writes it (`/pets/{id}`).
    pub template: &'a str,
    /// Which attempt this is: 0, then 1 for the first retry...
    pub attempt: u32,
    /// The values attached with `with_extension`.
    pub extensions: &'a Extensions,
}

/// A middleware point of a client (set with the client builder's `hook`):
/// it sees each attempt of each request just before it is sent, after the
/// client has added parameters, credentials and headers, and the final
/// response of each request once read, before it is decoded. Both do
/// nothing by default.
pub trait Hook: Send + Sync + 'static {
    /// Before each attempt is sent (retries included): may read or change
    /// the request, such as adding a header.
    fn before_send(&self, request: &mut reqwest::Request, context: &Context<'_>) {
        let _ = (request, context);
    }

    /// After the response that ends the request is read (not responses a
    /// retry replaces), before the operation decodes it. A success a
    /// `_streaming` method returns unread is seen with its status and
    /// headers and an empty body.
    fn after_receive(&self, response: &Response, context: &Context<'_>) {
        let _ = (response, context);
    }
}

/// The hooks of a client, in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub(crate) Vec<Arc<dyn Hook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hooks", self.0.len())
    }
}
