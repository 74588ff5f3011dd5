-- How an account is addressed: 様, 御中, 殿, or nothing.
ALTER TABLE accounts ADD COLUMN honorific TEXT
    CHECK (honorific IS NULL OR honorific IN ('sama', 'onchu', 'dono'));
