// Package ingest reads and writes customer-data spreadsheets: CSV, TSV,
// whitespace-separated text and XLSX, in UTF-8 (with or without BOM),
// UTF-16 with BOM or GB18030/GBK. It maps headers in English or Chinese to
// the canonical fields of a Kind, parses values (dates, money, phones, …)
// into model records and reports every problem of a row with its line,
// column, value and reason. It never touches a database: package core owns
// transactions, upserts and reject files.
//
// Reading streams: text files go through a bounded buffer, XLSX files are
// spooled to a temporary file when they do not come from a regular file and
// are then read row by row with excelize's streaming iterator.
//
// Writing neutralises spreadsheet formula injection (see EscapeCell) so that
// an export opened in Excel never runs a formula, and reading undoes it
// (UnescapeCell) so that export followed by import is lossless.
package ingest
