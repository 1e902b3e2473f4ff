package main

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"time"
)

// An entry is one file of an archive.
type entry struct {
	name string // relative to the archive's folder, with slashes
	data []byte
	mode fs.FileMode // permission bits
}

// writeArchive writes the archive at path with write: a folder named dir
// holding entries, in their order, every time stamp set to mtime. The file
// appears whole or not at all.
func writeArchive(path, dir string, entries []entry, mtime time.Time, write func(io.Writer, string, []entry, time.Time) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	err = write(f, dir, entries, mtime)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// writeTarGz writes a gzip-compressed ustar archive: the folder dir, then
// entries in it. Owners are root (0) without names; the gzip header holds
// no name and no time.
func writeTarGz(w io.Writer, dir string, entries []entry, mtime time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	hdr := func(name string, typ byte, mode fs.FileMode, size int) *tar.Header {
		return &tar.Header{
			Typeflag: typ,
			Name:     name,
			Mode:     int64(mode),
			Size:     int64(size),
			ModTime:  mtime,
			Format:   tar.FormatUSTAR,
		}
	}
	if err := tw.WriteHeader(hdr(dir+"/", tar.TypeDir, 0o755, 0)); err != nil {
		return err
	}
	for _, e := range entries {
		if err := tw.WriteHeader(hdr(dir+"/"+e.name, tar.TypeReg, e.mode, len(e.data))); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// writeZip writes a zip archive: the folder dir, then entries in it,
// deflated, with Unix permission bits (which unzip restores).
func writeZip(w io.Writer, dir string, entries []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	d := &zip.FileHeader{Name: dir + "/", Method: zip.Store, Modified: mtime}
	d.SetMode(fs.ModeDir | 0o755)
	if _, err := zw.CreateHeader(d); err != nil {
		return err
	}
	for _, e := range entries {
		h := &zip.FileHeader{Name: dir + "/" + e.name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(e.mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
