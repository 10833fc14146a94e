package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// File formats. FormatAuto detects the format from the content.
const (
	FormatAuto = "auto"
	FormatCSV  = "csv"  // comma- or (when clearly so) semicolon-separated, RFC 4180 quoting
	FormatTSV  = "tsv"  // tab-separated, with the same quoting as CSV (Excel's "Text (Tab delimited)")
	FormatWS   = "ws"   // runs of spaces or tabs, no quoting (fixed-width-ish text such as CDNOW_master.txt)
	FormatXLSX = "xlsx" // Office Open XML workbook
)

// Text encodings. EncodingAuto takes a BOM when there is one, else UTF-8
// when the first 64 KiB are valid UTF-8, else GB18030 (a superset of GBK
// and GB2312, what Excel on a Chinese Windows writes as "CSV").
const (
	EncodingAuto    = "auto"
	EncodingUTF8    = "utf-8"
	EncodingGB18030 = "gb18030"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
)

// sniffSize is how much of the input format and encoding detection look
// at; it is also the text reader's buffer size.
const sniffSize = 64 << 10

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	bomUTF8  = []byte{0xEF, 0xBB, 0xBF}
)

func normalizeFormat(f string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(f)) {
	case "", FormatAuto:
		return FormatAuto, nil
	case FormatCSV, "txt":
		return FormatCSV, nil
	case FormatTSV, "tab":
		return FormatTSV, nil
	case FormatWS, "whitespace", "space":
		return FormatWS, nil
	case FormatXLSX, "excel":
		return FormatXLSX, nil
	}
	return "", fmt.Errorf("ingest: unknown format %q (want auto, csv, tsv, ws or xlsx)", f)
}

func normalizeEncoding(e string) (string, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(e), "_", "-")) {
	case "", EncodingAuto:
		return EncodingAuto, nil
	case EncodingUTF8, "utf8":
		return EncodingUTF8, nil
	case EncodingGB18030, "gbk", "gb2312", "cp936":
		return EncodingGB18030, nil
	case EncodingUTF16LE, "utf16le", "utf-16", "utf16":
		return EncodingUTF16LE, nil
	case EncodingUTF16BE, "utf16be":
		return EncodingUTF16BE, nil
	}
	return "", fmt.Errorf("ingest: unknown encoding %q (want auto, utf-8, gb18030/gbk, utf-16le or utf-16be)", e)
}

// sniffFormat decides between XLSX and text from the first bytes.
func sniffFormat(head []byte) (string, error) {
	switch {
	case bytes.HasPrefix(head, zipMagic):
		return FormatXLSX, nil
	case bytes.HasPrefix(head, oleMagic):
		return "", fmt.Errorf("ingest: this is a legacy Excel .xls (or encrypted) workbook; save it as .xlsx or CSV and import that")
	}
	return FormatAuto, nil // some text format, decided after decoding
}

// decodeText wraps br in the decoder for the chosen or detected encoding,
// dropping any BOM, and returns the decoded reader and the encoding's name.
func decodeText(br *bufio.Reader, enc string) (*bufio.Reader, string, error) {
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", fmt.Errorf("ingest: reading the start of the file: %w", err)
	}
	atEOF := err == io.EOF
	if enc == EncodingAuto {
		switch {
		case bytes.HasPrefix(head, bomUTF8):
			enc = EncodingUTF8
		case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
			enc = EncodingUTF16LE
		case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
			enc = EncodingUTF16BE
		case validUTF8Prefix(head, atEOF):
			enc = EncodingUTF8
		default:
			enc = EncodingGB18030
		}
	}
	var dec *encoding.Decoder
	switch enc {
	case EncodingUTF8:
		if bytes.HasPrefix(head, bomUTF8) {
			_, _ = br.Discard(len(bomUTF8))
		}
		return br, enc, nil
	case EncodingGB18030:
		dec = simplifiedchinese.GB18030.NewDecoder()
	case EncodingUTF16LE:
		dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case EncodingUTF16BE:
		dec = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	}
	return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), enc, nil
}

// validUTF8Prefix reports whether head is valid UTF-8, forgiving a rune cut
// off at the end of a buffer that is not the end of the file.
func validUTF8Prefix(head []byte, atEOF bool) bool {
	if !atEOF {
		for i := len(head) - 1; i >= 0 && i >= len(head)-utf8.UTFMax; i-- {
			if utf8.RuneStart(head[i]) {
				if !utf8.FullRune(head[i:]) {
					head = head[:i]
				}
				break
			}
		}
	}
	return utf8.Valid(head)
}

// sniffDelimiter picks the text format from the decoded first lines: tabs
// make TSV; commas make CSV, unless semicolons outnumber them on the header
// and the next line has as many (European Excel); otherwise a header that
// splits on white space into several names is whitespace-separated text;
// anything else is a one-column CSV. A forced format only chooses among
// its own variants.
func sniffDelimiter(head []byte, forced string) (string, byte) {
	var lines [][]byte
	for len(head) > 0 && len(lines) < 2 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimRight(line, "\r")
		line = bytes.TrimPrefix(line, bomUTF8)
		if len(bytes.TrimSpace(line)) > 0 {
			lines = append(lines, line)
		}
	}
	switch forced {
	case FormatTSV:
		return FormatTSV, '\t'
	case FormatWS:
		return FormatWS, 0
	}
	if len(lines) == 0 {
		return FormatCSV, ','
	}
	tabs, commas, semis := countOutsideQuotes(lines[0])
	if forced == FormatAuto && tabs > 0 && tabs >= commas && tabs >= semis {
		return FormatTSV, '\t'
	}
	if semis > commas {
		if len(lines) < 2 {
			return FormatCSV, ';'
		}
		if _, _, s2 := countOutsideQuotes(lines[1]); s2 == semis {
			return FormatCSV, ';'
		}
	}
	if commas > 0 || forced == FormatCSV {
		return FormatCSV, ','
	}
	if len(bytes.Fields(lines[0])) >= 2 {
		return FormatWS, 0
	}
	return FormatCSV, ','
}

func countOutsideQuotes(line []byte) (tabs, commas, semis int) {
	inQuote := false
	for _, c := range line {
		switch c {
		case '"':
			inQuote = !inQuote
		case '\t':
			if !inQuote {
				tabs++
			}
		case ',':
			if !inQuote {
				commas++
			}
		case ';':
			if !inQuote {
				semis++
			}
		}
	}
	return
}
