package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is C2SP tlog-tiles' fixed tile height: 256 hashes per full tile.
const tileHeight = 8

// maxEntrySize is the largest entry an entry bundle can hold (a big-endian uint16 length prefix).
const maxEntrySize = 1<<16 - 1

// c2spTilePath maps x/mod's tile path `tile/8/L/N[.p/W]` to C2SP tlog-tiles' `tile/L/N[.p/W]`: the same
// layout (three-digit path elements, x-prefixed but for the last) without the height, which C2SP fixes
// at 8.
func c2spTilePath(t tlog.Tile) (string, error) {
	if t.H != tileHeight || t.L < 0 {
		return "", fmt.Errorf("no C2SP path for tile %v", t)
	}
	prefix := fmt.Sprintf("tile/%d/", tileHeight)
	return "tile/" + strings.TrimPrefix(t.Path(), prefix), nil
}

// entryBundlePath is the C2SP path of the entry bundle beside level-0 tile t: `tile/entries/N[.p/W]`.
func entryBundlePath(t tlog.Tile) string {
	prefix := fmt.Sprintf("tile/%d/0/", tileHeight)
	return "tile/entries/" + strings.TrimPrefix(t.Path(), prefix)
}

// dirTileReader is a tlog.TileReader over a C2SP log directory. tlog.TileHashReader authenticates what
// it returns against the checkpoint's root, so it only has to read files and check their lengths.
type dirTileReader struct {
	dir   string
	reads int
}

func (r *dirTileReader) Height() int { return tileHeight }

func (r *dirTileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		path, err := c2spTilePath(t)
		if err != nil {
			return nil, err
		}
		want := t.W * tlog.HashSize
		b, err := readLimited(filepath.Join(r.dir, filepath.FromSlash(path)), int64(want))
		if err != nil {
			return nil, err
		}
		if len(b) != want {
			return nil, fmt.Errorf("%s: %d bytes, want %d", path, len(b), want)
		}
		data[i] = b
		r.reads++
	}
	return data, nil
}

// SaveTiles has nothing to cache: the tiles are already on disk.
func (r *dirTileReader) SaveTiles([]tlog.Tile, [][]byte) {}

// decodeEntryBundle splits a C2SP entry bundle into exactly want entries, each a big-endian uint16
// length then that many bytes. Parser of untrusted input: the bundle is at most
// 256*(2+maxEntrySize) bytes (readLimited), and trailing bytes or a short entry are errors.
func decodeEntryBundle(b []byte, want int) ([][]byte, error) {
	entries := make([][]byte, 0, want)
	for len(b) > 0 {
		if len(b) < 2 {
			return nil, errors.New("truncated length prefix")
		}
		n := int(binary.BigEndian.Uint16(b))
		b = b[2:]
		if len(b) < n {
			return nil, fmt.Errorf("entry %d: %d bytes announced, %d left", len(entries), n, len(b))
		}
		entries = append(entries, b[:n])
		b = b[n:]
	}
	if len(entries) != want {
		return nil, fmt.Errorf("%d entries, want %d", len(entries), want)
	}
	return entries, nil
}

// encodeEntryBundle is the inverse of decodeEntryBundle.
func encodeEntryBundle(entries [][]byte) ([]byte, error) {
	var out []byte
	for i, e := range entries {
		if len(e) > maxEntrySize {
			return nil, fmt.Errorf("entry %d is %d bytes, more than %d", i, len(e), maxEntrySize)
		}
		out = append(out, byte(len(e)>>8), byte(len(e)))
		out = append(out, e...)
	}
	return out, nil
}

// readLimited reads a file, failing if it holds more than limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: more than %d bytes", path, limit)
	}
	return b, nil
}
