//! Byte ranges of a text read in order, joined where they meet: the
//! sentences a scan searches, the units where what is not prose is looked
//! for. Joined as they come, so that no list of them is made (a large
//! document has millions).

use std::ops::Range;

/// The ranges of an iterator (in order of start) within a text of `len`
/// bytes, the empty ones left out and each run of ranges that overlap or
/// touch read as one. Out of order, every byte of every range is still
/// read, some maybe twice.
#[derive(Debug, Clone)]
pub(crate) struct Joined<I> {
    ranges: I,
    len: usize,
    /// The range read ahead to see whether it meets the current one.
    next: Option<Range<usize>>,
}

impl<I: Iterator<Item = Range<usize>>> Joined<I> {
    pub(crate) fn new(ranges: I, len: usize) -> Joined<I> {
        Joined {
            ranges,
            len,
            next: None,
        }
    }

    /// The next non-empty range, clamped to the text.
    fn next_clamped(&mut self) -> Option<Range<usize>> {
        loop {
            let r = self.ranges.next()?;
            let r = r.start.min(self.len)..r.end.min(self.len);
            if !r.is_empty() {
                return Some(r);
            }
        }
    }
}

impl<I: Iterator<Item = Range<usize>>> Iterator for Joined<I> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let mut joined = match self.next.take() {
            Some(r) => r,
            None => self.next_clamped()?,
        };
        while let Some(more) = self.next_clamped() {
            // (Out of order, a range that does not meet the current one is
            // read on its own.)
            if more.start <= joined.end && more.end >= joined.start {
                joined.start = joined.start.min(more.start);
                joined.end = joined.end.max(more.end);
            } else {
                self.next = Some(more);
                break;
            }
        }
        Some(joined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_that_meet_are_read_as_one_and_empty_ones_not_at_all() {
        let ranges = [0..3, 3..5, 4..4, 7..9, 8..12, 20..30, 40..50];
        let joined: Vec<Range<usize>> = Joined::new(ranges.into_iter(), 25).collect();
        assert_eq!(joined, [0..5, 7..12, 20..25]);
        assert_eq!(Joined::new(std::iter::empty(), 10).count(), 0);
        let unsorted: Vec<Range<usize>> =
            Joined::new([10..20, 0..5, 15..25].into_iter(), 30).collect();
        assert_eq!(unsorted, [10..20, 0..5, 15..25]);
    }
}
