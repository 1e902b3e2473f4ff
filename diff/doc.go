// Package diff compares Jupyter notebooks cell by cell.
package diff
