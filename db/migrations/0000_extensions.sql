-- Core and contrib extensions only (stock PostgreSQL 15 and PGlite both have them).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
