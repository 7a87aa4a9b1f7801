//! Paging over `ListResponse`: which page to ask for next, as a pure function.
//!
//! Pages are 0-based and hold 25 items unless `countPerPage` says otherwise (Evo Voice's own
//! documentation). The walk ends at an empty page; otherwise positive `totalPages` /
//! `totalCount` decide, then `hasMorePages`, then a short page.

use crate::models::{ListResponse, ListSessions};

/// Items per page when the request does not say.
pub const DEFAULT_COUNT_PER_PAGE: i32 = 25;

/// The request for the page after `page`, which answered `request`; `None` at the end.
pub fn next_page<T>(request: &ListSessions, page: &ListResponse<T>) -> Option<ListSessions> {
    if request.all == Some(true) || page.items().is_empty() {
        return None;
    }
    let current = i64::from(request.page.unwrap_or(0).max(0));
    let per_page = i64::from(request.count_per_page.filter(|n| *n > 0).unwrap_or(DEFAULT_COUNT_PER_PAGE));
    let more = if request.simplified_paging == Some(true) {
        page.has_more_pages != Some(false)
    } else if let Some(total_pages) = page.total_pages.filter(|n| *n > 0) {
        current + 1 < total_pages
    } else if let Some(total_count) = page.total_count.filter(|n| *n > 0) {
        (current + 1) * per_page < total_count
    } else if let Some(more) = page.has_more_pages {
        more
    } else {
        page.items().len() as i64 >= per_page
    };
    let next = i32::try_from(current + 1).ok()?;
    more.then(|| ListSessions { page: Some(next), ..request.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: usize, total_pages: Option<i64>, total_count: Option<i64>, more: Option<bool>) -> ListResponse<u8> {
        ListResponse { items: Some(vec![0; n]), total_count, total_pages, has_more_pages: more }
    }

    fn req(p: Option<i32>, per: Option<i32>, simplified: bool) -> ListSessions {
        ListSessions { page: p, count_per_page: per, simplified_paging: simplified.then_some(true), ..Default::default() }
    }

    #[test]
    fn total_pages_decide() {
        assert_eq!(next_page(&req(None, Some(2), false), &page(2, Some(3), Some(5), Some(false))).unwrap().page, Some(1));
        assert!(next_page(&req(Some(2), Some(2), false), &page(1, Some(3), Some(5), Some(false))).is_none());
    }

    #[test]
    fn total_count_decides_without_pages() {
        assert!(next_page(&req(Some(0), Some(2), false), &page(2, None, Some(4), None)).is_some());
        assert!(next_page(&req(Some(1), Some(2), false), &page(2, None, Some(4), None)).is_none());
    }

    #[test]
    fn simplified_uses_has_more_pages() {
        assert!(next_page(&req(Some(0), Some(2), true), &page(2, Some(0), Some(0), Some(true))).is_some());
        assert!(next_page(&req(Some(0), Some(2), true), &page(2, None, None, Some(false))).is_none());
    }

    #[test]
    fn empty_page_and_all_end() {
        assert!(next_page(&req(Some(0), None, true), &page(0, None, None, Some(true))).is_none());
        let all = ListSessions { all: Some(true), ..Default::default() };
        assert!(next_page(&all, &page(30, Some(9), None, None)).is_none());
    }

    #[test]
    fn short_page_ends_when_nothing_else_is_known() {
        assert!(next_page(&req(None, None, false), &page(25, None, None, None)).is_some());
        assert!(next_page(&req(None, None, false), &page(24, None, None, None)).is_none());
    }
}
