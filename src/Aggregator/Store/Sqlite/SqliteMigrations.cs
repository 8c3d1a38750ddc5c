namespace Aggregator.Store.Sqlite;

/// <summary>
/// The schema as an ordered list: migration N brings PRAGMA user_version from N-1 to N.
/// Append new steps; never edit a step that has shipped.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        // 1: outlets, articles, topic membership, settings.
        """
        CREATE TABLE outlets (
            id                   TEXT PRIMARY KEY,
            etag                 TEXT,
            last_modified        TEXT,
            last_attempt         INTEGER,
            last_success         INTEGER,
            last_status          INTEGER,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            next_due             INTEGER,
            last_error           TEXT,
            resolved_feed_url    TEXT
        );

        CREATE TABLE articles (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            id            TEXT NOT NULL UNIQUE,
            outlet_id     TEXT NOT NULL REFERENCES outlets(id),
            source_id     TEXT,
            canonical_url TEXT NOT NULL,
            link          TEXT NOT NULL,
            title         TEXT NOT NULL,
            summary       TEXT,
            content       TEXT,
            author        TEXT,
            published     INTEGER,
            updated       INTEGER,
            first_seen    INTEGER NOT NULL,
            changed_at    INTEGER NOT NULL,
            sort_time     INTEGER NOT NULL,
            categories    TEXT NOT NULL DEFAULT '[]',
            enclosures    TEXT NOT NULL DEFAULT '[]',
            image_url     TEXT,
            cluster_id    TEXT NOT NULL,
            content_hash  TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ix_articles_outlet_source ON articles(outlet_id, source_id) WHERE source_id IS NOT NULL;
        CREATE INDEX ix_articles_outlet_url ON articles(outlet_id, canonical_url);
        CREATE INDEX ix_articles_url ON articles(canonical_url);
        CREATE INDEX ix_articles_cluster ON articles(cluster_id, seq);

        CREATE TABLE article_topics (
            topic_id    TEXT NOT NULL,
            article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
            sort_time   INTEGER NOT NULL,
            PRIMARY KEY (topic_id, article_seq)
        ) WITHOUT ROWID;
        CREATE INDEX ix_article_topics_order ON article_topics(topic_id, sort_time DESC, article_seq DESC);
        CREATE INDEX ix_article_topics_article ON article_topics(article_seq);

        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,

        // 2: what the operator should act on (a permanent move), and the URL that answered 410 Gone.
        """
        ALTER TABLE outlets ADD COLUMN notice TEXT;
        ALTER TABLE outlets ADD COLUMN gone_url TEXT;
        """,

        // 3: text identity across outlets: exact fingerprint, near-duplicate signature, and why an
        //    article joined its cluster (for `explain`). Rows from before get theirs on first use.
        """
        ALTER TABLE articles ADD COLUMN fingerprint TEXT;
        ALTER TABLE articles ADD COLUMN signature BLOB;
        ALTER TABLE articles ADD COLUMN dup_of TEXT;
        ALTER TABLE articles ADD COLUMN dup_level TEXT;
        ALTER TABLE articles ADD COLUMN dup_similarity REAL;
        ALTER TABLE articles ADD COLUMN dup_reason TEXT;
        CREATE INDEX ix_articles_fingerprint ON articles(fingerprint);
        """,

        // 4: how a listing page was last read ("detected 10 items via article.post h2 a"), for status.
        """
        ALTER TABLE outlets ADD COLUMN structure TEXT;
        """,

        // 5: adaptive polling: the interval chosen and why, and the feed's last hint (kept through 304s).
        """
        ALTER TABLE outlets ADD COLUMN interval_note TEXT;
        ALTER TABLE outlets ADD COLUMN hint_seconds INTEGER;
        """,

        // 6: WebSub subscriptions: the hub and topic the feed advertised, our secret, and the lease.
        """
        ALTER TABLE outlets ADD COLUMN websub_hub TEXT;
        ALTER TABLE outlets ADD COLUMN websub_topic TEXT;
        ALTER TABLE outlets ADD COLUMN websub_secret TEXT;
        ALTER TABLE outlets ADD COLUMN websub_expires INTEGER;
        """,

        // Full-text backlog (issue 20): articles of fullText outlets waiting for their page, and those given up on
        // (kept, with the reason, for `explain` and status). A row goes when its page arrives or its article does.
        """
        CREATE TABLE fulltext_backlog (
            article_seq  INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
            outlet_id    TEXT NOT NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            next_attempt INTEGER NOT NULL,
            last_error   TEXT,
            reason       TEXT,
            given_up     INTEGER
        );
        CREATE INDEX ix_fulltext_backlog_due ON fulltext_backlog(outlet_id, given_up, next_attempt);
        """,

        // Retention (issue 24): what a pruned article leaves behind, so an outlet still listing it never
        // brings it back; last_listed ages it out. The outlet/date index finds what retention deletes.
        """
        CREATE TABLE tombstones (
            outlet_id     TEXT NOT NULL,
            source_id     TEXT,
            canonical_url TEXT NOT NULL,
            fingerprint   TEXT,
            pruned_at     INTEGER NOT NULL,
            last_listed   INTEGER NOT NULL
        );
        CREATE INDEX ix_tombstones_source ON tombstones(outlet_id, source_id) WHERE source_id IS NOT NULL;
        CREATE INDEX ix_tombstones_url ON tombstones(outlet_id, canonical_url);
        CREATE INDEX ix_articles_outlet_sort ON articles(outlet_id, sort_time);
        """,

        // Retention (issue 24): pruned pages go back to the file system (PRAGMA incremental_vacuum after
        // each prune). An existing file only switches by being rebuilt, which VACUUM cannot do in a transaction.
        SchemaMigrator.OutsideTransaction + """
        PRAGMA auto_vacuum = INCREMENTAL;
        VACUUM;
        """,
    ];
}
