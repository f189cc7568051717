//! Delimiter sniffing: which of `,` `;` tab `|` splits the first rows most consistently.

const SNIFF_BYTES: usize = 256 * 1024;
const SNIFF_ROWS: usize = 50;

/// Picks the delimiter among `,` `;` tab `|` from the first rows: the one giving the same field
/// count (more than one) on the most rows, then the most fields, then the order above.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text.as_bytes()[..end];
    let mut best = (b',', 0usize, 0usize);
    for delim in [b',', b';', b'\t', b'|'] {
        let mut reader =
            csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(sample);
        let mut record = csv::ByteRecord::new();
        let mut counts = Vec::new();
        while counts.len() < SNIFF_ROWS && matches!(reader.read_byte_record(&mut record), Ok(true)) {
            counts.push(record.len());
        }
        // The last sampled row may be cut off by the sample end: ignore it when more follow.
        if end < text.len() && counts.len() > 1 {
            counts.pop();
        }
        let Some(&first) = counts.first() else { continue };
        if first < 2 {
            continue;
        }
        let agree = counts.iter().filter(|&&c| c == first).count();
        if (agree, first) > (best.1, best.2) {
            best = (delim, agree, first);
        }
    }
    best.0
}
