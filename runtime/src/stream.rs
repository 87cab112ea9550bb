//! A body that need not be in memory: the binary request and response
//! bodies (`application/octet-stream`, `image/*`, `format: binary`) of the
//! generated clients' `_streaming` methods and of the generated servers.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use ::bytes::Bytes;
use futures_core::Stream;

use crate::Binary;

/// What a [`ByteStream`] yields: a chunk of bytes, or why the body ended early.
pub type Chunk = Result<Bytes, io::Error>;

type Chunks = Pin<Box<dyn Stream<Item = Chunk> + Send>>;

/// The bytes of a body as they arrive (a [`Stream`] of [`Bytes`]), with its
/// media type and, when known, its length. Bytes already in memory can be
/// read again (a client retries such a request); a stream is read once.
///
/// Build one from bytes (`Vec<u8>`, [`Bytes`], a [`Binary`], `&'static
/// [u8]`), from a stream ([`ByteStream::new`]) or from an `AsyncRead` such as
/// a file ([`ByteStream::from_reader`]). Read it chunk by chunk with
/// [`ByteStream::next`] (or any `Stream` combinator), or whole with
/// [`ByteStream::collect`].
pub struct ByteStream {
    source: Source,
    content_type: Option<String>,
    len: Option<u64>,
}

enum Source {
    /// In memory; taken on the first read.
    Bytes(Option<Bytes>),
    Stream(Chunks),
}

impl ByteStream {
    /// The chunks `stream` yields, of unknown length.
    pub fn new<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let chunks = Map { inner: Box::pin(stream) };
        Self { source: Source::Stream(Box::pin(chunks)), content_type: None, len: None }
    }

    /// The bytes `reader` gives until its end, read a chunk at a time (a
    /// `tokio::fs::File`, a socket, a decompressor...).
    pub fn from_reader<R: tokio::io::AsyncRead + Send + 'static>(reader: R) -> Self {
        Self::new(tokio_util::io::ReaderStream::new(reader))
    }

    /// The same body, sent with (or received in) this media type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The same body, declared `len` bytes long (sent as `Content-Length`,
    /// which the stream must then match; without it a stream is sent chunked).
    pub fn with_len(mut self, len: u64) -> Self {
        self.len = Some(len);
        self
    }

    /// The media type, when known.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The length in bytes, when known before reading (bytes in memory, a
    /// `Content-Length`).
    pub fn len(&self) -> Option<u64> {
        self.len
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len == Some(0)
    }

    /// Whether the body is in memory, so a request carrying it can be sent again.
    pub fn is_in_memory(&self) -> bool {
        matches!(self.source, Source::Bytes(_))
    }

    /// The next chunk; `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Chunk> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The whole body, in memory, with its media type.
    ///
    /// # Errors
    ///
    /// The error that ended the body early (the connection broke, the body
    /// went over a server's limit...).
    pub async fn collect(mut self) -> Result<Binary, io::Error> {
        let mut bytes = Vec::with_capacity(self.len.and_then(|len| usize::try_from(len).ok()).unwrap_or_default());
        while let Some(chunk) = self.next().await {
            bytes.extend_from_slice(&chunk?);
        }
        Ok(Binary { bytes, file_name: None, content_type: self.content_type })
    }

    /// The same body, ending in an error once more than `limit` bytes came.
    #[cfg(feature = "server")]
    pub(crate) fn limited(self, limit: u64) -> Self {
        let Self { source, content_type, len } = self;
        let chunks = Limited { inner: Self { source, content_type: None, len: None }, left: limit, over: false };
        Self { source: Source::Stream(Box::pin(chunks)), content_type, len }
    }

    /// The bytes not read yet when the body is in memory, else the body.
    #[cfg(feature = "client")]
    pub(crate) fn into_bytes(self) -> Result<Bytes, Self> {
        match self.source {
            Source::Bytes(bytes) => Ok(bytes.unwrap_or_default()),
            source @ Source::Stream(_) => Err(Self { source, ..self }),
        }
    }
}

impl Stream for ByteStream {
    type Item = Chunk;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        match &mut self.get_mut().source {
            Source::Bytes(bytes) => Poll::Ready(bytes.take().filter(|b| !b.is_empty()).map(Ok)),
            Source::Stream(stream) => stream.as_mut().poll_next(cx),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.source {
            Source::Bytes(bytes) => {
                let chunks = usize::from(bytes.as_ref().is_some_and(|b| !b.is_empty()));
                (chunks, Some(chunks))
            }
            Source::Stream(stream) => stream.size_hint(),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        let len = Some(bytes.len() as u64);
        Self { source: Source::Bytes(Some(bytes)), content_type: None, len }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

/// The file's bytes, sent with its media type (its file name has no place
/// in a whole-body binary).
impl From<Binary> for ByteStream {
    fn from(file: Binary) -> Self {
        let stream = Self::from(file.bytes);
        Self { content_type: file.content_type, ..stream }
    }
}

impl From<&Binary> for ByteStream {
    fn from(file: &Binary) -> Self {
        file.clone().into()
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("in_memory", &self.is_in_memory())
            .field("len", &self.len)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A stream's chunks as [`Chunk`]s (the stream pinned in a box, so `Map` is `Unpin`).
struct Map<S> {
    inner: S,
}

impl<S, B, E> Stream for Map<S>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: Into<Bytes>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = Chunk;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        Pin::new(&mut self.inner)
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map(Into::into).map_err(io::Error::other)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

/// A body cut off past a number of bytes.
#[cfg(feature = "server")]
struct Limited {
    inner: ByteStream,
    left: u64,
    over: bool,
}

#[cfg(feature = "server")]
impl Stream for Limited {
    type Item = Chunk;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        if self.over {
            return Poll::Ready(None);
        }
        let chunk = match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => chunk,
            other => return other,
        };
        match self.left.checked_sub(chunk.len() as u64) {
            Some(left) => {
                self.left = left;
                Poll::Ready(Some(Ok(chunk)))
            }
            None => {
                self.over = true;
                let error = "the request body is larger than this server accepts";
                Poll::Ready(Some(Err(io::Error::new(io::ErrorKind::InvalidData, error))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: Vec<Result<&'static [u8], io::Error>>) -> ByteStream {
        ByteStream::new(Iter(parts.into_iter()))
    }

    /// A stream of the iterator's items (the tests need no stream crate).
    struct Iter<I>(I);

    impl<I: Iterator + Unpin> Stream for Iter<I> {
        type Item = I::Item;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.0.next())
        }
    }

    #[tokio::test]
    async fn a_stream_is_read_chunk_by_chunk_then_whole() {
        let mut body = chunks(vec![Ok(b"ab"), Ok(b"c")]).with_content_type("image/png");
        assert!(!body.is_in_memory() && body.len().is_none());
        assert_eq!(body.next().await.expect("a chunk").expect("no error"), Bytes::from_static(b"ab"));
        let rest = body.collect().await.expect("no error");
        assert_eq!((rest.bytes, rest.content_type.as_deref()), (b"c".to_vec(), Some("image/png")));
    }

    #[tokio::test]
    async fn an_error_ends_the_body() {
        let broken = chunks(vec![Ok(b"ab"), Err(io::Error::other("reset")), Ok(b"c")]);
        assert_eq!(broken.collect().await.expect_err("broken").to_string(), "reset");
    }

    #[tokio::test]
    async fn bytes_in_memory_keep_their_length_and_media_type() {
        let body = ByteStream::from(Binary::new(b"xyz".to_vec()).with_content_type("text/plain"));
        assert!(body.is_in_memory() && body.len() == Some(3));
        let read = body.collect().await.expect("read");
        assert_eq!((read.bytes, read.content_type.as_deref()), (b"xyz".to_vec(), Some("text/plain")));
        let mut empty = ByteStream::from(Vec::new());
        assert!(empty.is_empty() && empty.next().await.is_none());
    }

    #[tokio::test]
    async fn a_reader_is_read_to_its_end() {
        let body = ByteStream::from_reader(&b"from a reader"[..]);
        assert_eq!(body.collect().await.expect("read").bytes, b"from a reader");
    }

    #[cfg(feature = "server")]
    #[tokio::test]
    async fn a_limited_body_ends_in_an_error_past_its_limit() {
        let within = chunks(vec![Ok(b"abc"), Ok(b"de")]).limited(5);
        assert_eq!(within.collect().await.expect("within").bytes, b"abcde");
        let mut over = chunks(vec![Ok(b"abc"), Ok(b"def"), Ok(b"g")]).limited(5);
        assert_eq!(over.next().await.expect("a chunk").expect("within"), Bytes::from_static(b"abc"));
        assert!(over.next().await.expect("an error").is_err());
        assert!(over.next().await.is_none(), "nothing after the error");
    }

    #[test]
    fn debug_shows_no_bytes() {
        let body = ByteStream::from(b"secret".to_vec());
        assert_eq!(format!("{body:?}"), "ByteStream { in_memory: true, len: Some(6), content_type: None }");
    }
}
