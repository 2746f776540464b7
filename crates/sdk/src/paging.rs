//! Page iterators as `futures::Stream`s.

use std::future::Future;

use futures::{Stream, TryStreamExt, stream};

use crate::SdkError;

/// Every item of every page: `fetch(page_token)` answers a page's items and the next page's
/// token (`None` on the last page). The first page is fetched without a token.
pub(crate) fn pages<T, F, Fut>(fetch: F) -> impl Stream<Item = Result<T, SdkError>>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), SdkError>>,
{
    enum Cursor {
        Start,
        Next(String),
        Done,
    }
    stream::try_unfold((Cursor::Start, fetch), |(cursor, fetch)| async move {
        let token = match cursor {
            Cursor::Done => return Ok::<_, SdkError>(None),
            Cursor::Start => None,
            Cursor::Next(token) => Some(token),
        };
        let (items, next) = fetch(token).await?;
        let cursor = next.map_or(Cursor::Done, Cursor::Next);
        Ok(Some((
            stream::iter(items.into_iter().map(Ok)),
            (cursor, fetch),
        )))
    })
    .try_flatten()
}
