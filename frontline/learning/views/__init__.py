"""Pages of capacity development, by sub-domain."""
