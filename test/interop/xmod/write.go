package main

import (
	"bytes"
	"crypto/rand"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// maxLinesFile bounds the input of `xmod write`.
const maxLinesFile = 64 << 20

// runWrite writes a complete C2SP log the x/mod way, so that `fabrique log verify` can be checked
// against an independent writer: tlog.StoredHashes for every entry, tlog.NewTiles + tlog.ReadTileData
// for the tiles (only the widest version of each partial tile, as a C2SP log publishes), one entry
// bundle per level-0 tile, and a checkpoint signed with note.Sign. The key name is the origin.
func runWrite(args []string) bool {
	fs := flag.NewFlagSet("write", flag.ExitOnError)
	dir := fs.String("dir", "", "log directory to create")
	skeyPath := fs.String("skey", "", "signer key file")
	linesPath := fs.String("file", "", "entries, one per line")
	parseFlags(fs, args, "dir", "skey", "file")

	err := writeLog(*dir, *skeyPath, *linesPath)
	return report("write", err, *dir)
}

func writeLog(dir, skeyPath, linesPath string) error {
	skey, err := readLimited(skeyPath, 1<<16)
	if err != nil {
		return err
	}
	signer, err := note.NewSigner(strings.TrimSpace(string(skey)))
	if err != nil {
		return fmt.Errorf("note.NewSigner: %w", err)
	}
	input, err := readLimited(linesPath, maxLinesFile)
	if err != nil {
		return err
	}
	entries := splitLines(input)

	stored, err := storedHashes(entries)
	if err != nil {
		return err
	}
	size := int64(len(entries))
	root, err := tlog.TreeHash(size, stored)
	if err != nil {
		return fmt.Errorf("tlog.TreeHash: %w", err)
	}
	if err := writeTiles(dir, entries, stored); err != nil {
		return err
	}
	body := formatCheckpointBody(signer.Name(), tlog.Tree{N: size, Hash: root})
	signed, err := note.Sign(&note.Note{Text: body}, signer)
	if err != nil {
		return fmt.Errorf("note.Sign: %w", err)
	}
	return writeFile(dir, "checkpoint", signed)
}

// splitLines splits like `fabrique log append`: one entry per "\n"-terminated line, the last line
// too if it has no "\n", and no empty entry after a final "\n".
func splitLines(input []byte) [][]byte {
	var entries [][]byte
	for len(input) > 0 {
		i := bytes.IndexByte(input, '\n')
		if i < 0 {
			i = len(input)
		}
		entries = append(entries, input[:i])
		input = input[min(i+1, len(input)):]
	}
	return entries
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// memoryHashes holds a tree's stored hashes in x/mod's storage order (tlog.StoredHashIndex).
type memoryHashes []tlog.Hash

func (m memoryHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("stored hash %d not yet computed", x)
		}
		out[i] = m[x]
	}
	return out, nil
}

func storedHashes(entries [][]byte) (memoryHashes, error) {
	var m memoryHashes
	for i, e := range entries {
		hs, err := tlog.StoredHashes(int64(i), e, m)
		if err != nil {
			return nil, fmt.Errorf("tlog.StoredHashes(%d): %w", i, err)
		}
		m = append(m, hs...)
	}
	return m, nil
}

func writeTiles(dir string, entries [][]byte, stored memoryHashes) error {
	size := int64(len(entries))
	for _, t := range tlog.NewTiles(tileHeight, 0, size) {
		if !isPublishedWidth(t, size) {
			continue
		}
		data, err := tlog.ReadTileData(t, stored)
		if err != nil {
			return fmt.Errorf("tlog.ReadTileData(%v): %w", t.Path(), err)
		}
		path, err := c2spTilePath(t)
		if err != nil {
			return err
		}
		if err := writeFile(dir, path, data); err != nil {
			return err
		}
		if t.L != 0 {
			continue
		}
		first := t.N << tileHeight
		bundle, err := encodeEntryBundle(entries[first : first+int64(t.W)])
		if err != nil {
			return err
		}
		if err := writeFile(dir, entryBundlePath(t), bundle); err != nil {
			return err
		}
	}
	return nil
}

// isPublishedWidth: tlog.NewTiles lists every width a partial tile went through; a C2SP log serves full
// tiles and, at the right edge of each level, the one partial tile as wide as the tree allows.
func isPublishedWidth(t tlog.Tile, size int64) bool {
	full := 1 << tileHeight
	edge := (size >> (tileHeight * t.L)) - t.N<<tileHeight
	return t.W == full || int64(t.W) == edge
}

func writeFile(dir, path string, data []byte) error {
	return writeFileMode(dir, path, data, 0o644)
}

func writeFileMode(dir, path string, data []byte, mode os.FileMode) error {
	full := filepath.Join(dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, data, mode)
}

// runKeygen writes a key pair made by note.GenerateKey, so Fabrique can be checked against Go's key
// encoding too.
func runKeygen(args []string) bool {
	fs := flag.NewFlagSet("keygen", flag.ExitOnError)
	name := fs.String("name", "", "key name (the log origin)")
	out := fs.String("out", "", "directory for NAME.key and NAME.vkey")
	parseFlags(fs, args, "name", "out")

	skey, vkey, err := note.GenerateKey(rand.Reader, *name)
	base := regexp.MustCompile(`[^A-Za-z0-9._-]`).ReplaceAllString(*name, "_")
	if err == nil {
		err = writeFileMode(*out, base+".key", []byte(skey+"\n"), 0o600)
	}
	if err == nil {
		err = writeFile(*out, base+".vkey", []byte(vkey+"\n"))
	}
	return report("keygen", err, vkey)
}
