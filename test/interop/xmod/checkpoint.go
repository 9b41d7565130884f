package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// maxNoteSize bounds the checkpoint files we read (a checkpoint is a few hundred bytes).
const maxNoteSize = 1 << 20

// A checkpoint is the parsed body of a C2SP tlog-checkpoint signed note.
type checkpoint struct {
	origin string
	tree   tlog.Tree
}

// openCheckpoint verifies the signed note msg with v (note.Open) and parses its body.
func openCheckpoint(msg []byte, v note.Verifier) (checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return checkpoint{}, fmt.Errorf("note.Open: %w", err)
	}
	return parseCheckpointBody(n.Text)
}

// parseCheckpointBody parses c2sp.org/tlog-checkpoint's body: the origin line, the tree size in decimal
// (no sign, no leading zeros), the base64 root hash, then optional non-empty extension lines.
// tlog.ParseTree cannot be used: it insists on the Go checksum database's "go.sum database tree" origin.
// Parser of untrusted input; the note itself is at most maxNoteSize bytes.
func parseCheckpointBody(text string) (checkpoint, error) {
	if !strings.HasSuffix(text, "\n") {
		return checkpoint{}, errors.New("checkpoint body does not end with a newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return checkpoint{}, fmt.Errorf("checkpoint body has %d lines, want at least 3", len(lines))
	}
	origin, sizeLine, rootLine := lines[0], lines[1], lines[2]
	if origin == "" {
		return checkpoint{}, errors.New("empty origin line")
	}
	size, err := strconv.ParseInt(sizeLine, 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != sizeLine {
		return checkpoint{}, fmt.Errorf("malformed tree size %q", sizeLine)
	}
	root, err := base64.StdEncoding.Strict().DecodeString(rootLine)
	if err != nil || len(root) != tlog.HashSize {
		return checkpoint{}, fmt.Errorf("malformed root hash %q", rootLine)
	}
	for i, ext := range lines[3:] {
		if ext == "" {
			return checkpoint{}, fmt.Errorf("empty extension line %d", i+1)
		}
	}
	var hash tlog.Hash
	copy(hash[:], root)
	return checkpoint{origin: origin, tree: tlog.Tree{N: size, Hash: hash}}, nil
}

// formatCheckpointBody is the inverse of parseCheckpointBody, without extension lines.
func formatCheckpointBody(origin string, tree tlog.Tree) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n%d\n%s\n", origin, tree.N, base64.StdEncoding.EncodeToString(tree.Hash[:]))
	return b.String()
}
