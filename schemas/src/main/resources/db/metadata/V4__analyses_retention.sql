-- Evidence packs are the bulk of an analysis; after a month only the analysis itself (and its
-- embedding, for similar incidents) is kept. This index finds the old ones.
CREATE INDEX analyses_created ON analyses (created_at);
