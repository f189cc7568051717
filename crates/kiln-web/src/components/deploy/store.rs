//! The session in IndexedDB (through `rexie`): one database, `kiln-session`, with one object store
//! holding two records — `session`, the [`SessionRecord`] as JSON, and `weights`, the last
//! model's `.kiln` bytes (a `Uint8Array`). The weights are a record of their own so that a quota
//! error on them still keeps the rest; [`clear`] deletes the database ("Start fresh").

use std::cell::Cell;

use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use crate::state::session::SessionRecord;

const DB: &str = "kiln-session";
const STORE: &str = "session";
const RECORD_KEY: &str = "session";
const WEIGHTS_KEY: &str = "weights";

thread_local! {
    /// Set by "Start fresh": nothing is written any more until the page reloads.
    static CLEARED: Cell<bool> = const { Cell::new(false) };
}

/// The text of an IndexedDB error (with the DOM exception's name, e.g. `QuotaExceededError`).
fn text(e: rexie::Error) -> String {
    match e {
        rexie::Error::IdbError(e) => e.to_string(),
        e => e.to_string(),
    }
}

async fn open() -> Result<Rexie, String> {
    Rexie::builder(DB).version(1).add_object_store(ObjectStore::new(STORE)).build().await.map_err(text)
}

/// Reads the kept session: the record (if one of this version) and the kept weights.
///
/// # Errors
/// The browser's message when IndexedDB cannot be opened or read (e.g. disabled in a private window).
pub async fn read() -> Result<(Option<SessionRecord>, Option<js_sys::Uint8Array>), String> {
    let db = open().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadOnly).map_err(text)?;
    let store = tx.store(STORE).map_err(text)?;
    let record = store.get(JsValue::from_str(RECORD_KEY)).await.map_err(text)?;
    let weights = store.get(JsValue::from_str(WEIGHTS_KEY)).await.map_err(text)?;
    let _ = tx.done().await;
    db.close();
    let record = record.and_then(|v| v.as_string()).and_then(|t| SessionRecord::from_json(&t));
    let weights = weights.and_then(|v| wasm_bindgen::JsCast::dyn_into::<js_sys::Uint8Array>(v).ok());
    Ok((record, weights))
}

/// Writes `value` under `key` (or deletes it for `None`).
async fn put(key: &str, value: Option<&JsValue>) -> Result<(), String> {
    if CLEARED.with(Cell::get) {
        return Ok(());
    }
    let db = open().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadWrite).map_err(text)?;
    let store = tx.store(STORE).map_err(text)?;
    let key = JsValue::from_str(key);
    let result = match value {
        Some(v) => store.put(v, Some(&key)).await.map(|_| ()),
        None => store.delete(key).await,
    };
    let done = tx.done().await;
    db.close();
    result.map_err(text)?;
    match done {
        Ok(r) if r.is_committed() => Ok(()),
        Ok(_) => Err("the browser aborted the write (usually because the storage quota is used up)".into()),
        Err(e) => Err(text(e)),
    }
}

/// Keeps the session record.
///
/// # Errors
/// The browser's message (a full quota: `QuotaExceededError`).
pub async fn write_record(record: &SessionRecord) -> Result<(), String> {
    put(RECORD_KEY, Some(&JsValue::from_str(&record.to_json()))).await
}

/// Keeps a model's `.kiln` bytes.
///
/// # Errors
/// The browser's message (a full quota: `QuotaExceededError`).
pub async fn write_weights(bytes: &js_sys::Uint8Array) -> Result<(), String> {
    put(WEIGHTS_KEY, Some(bytes.as_ref())).await
}

/// Forgets the kept weights (after a failed write, so a reload never opens an older model).
pub async fn forget_weights() {
    let _ = put(WEIGHTS_KEY, None).await;
}

/// "Start fresh": stops writing and deletes the database.
///
/// # Errors
/// The browser's message when the database cannot be deleted.
pub async fn clear() -> Result<(), String> {
    CLEARED.with(|c| c.set(true));
    Rexie::delete(DB).await.map_err(text)
}
