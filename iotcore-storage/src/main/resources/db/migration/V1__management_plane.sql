-- Management plane: folders, API tokens, registries, devices, aliases, credentials, operations.
-- Portable SQL: the same migration runs on H2 (embedded default) and PostgreSQL.

CREATE TABLE folders (
    id          VARCHAR(50) PRIMARY KEY,
    description VARCHAR(256) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO folders (id, description, created_at) VALUES ('default', 'Default folder', CURRENT_TIMESTAMP);

CREATE TABLE api_tokens (
    id            VARCHAR(50) PRIMARY KEY,
    secret_sha256 VARCHAR(64) NOT NULL UNIQUE,
    role          VARCHAR(32) NOT NULL,
    folder_id     VARCHAR(50) REFERENCES folders (id),
    description   VARCHAR(256) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE registries (
    id          VARCHAR(50) PRIMARY KEY,
    folder_id   VARCHAR(50) NOT NULL REFERENCES folders (id),
    name        VARCHAR(50),
    description VARCHAR(256) NOT NULL,
    labels      VARCHAR NOT NULL,
    status      VARCHAR(16) NOT NULL,
    log_options VARCHAR,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT registries_folder_name UNIQUE (folder_id, name)
);

CREATE TABLE devices (
    id                     VARCHAR(50) PRIMARY KEY,
    registry_id            VARCHAR(50) NOT NULL REFERENCES registries (id),
    name                   VARCHAR(50) NOT NULL,
    description            VARCHAR(256) NOT NULL,
    labels                 VARCHAR NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    last_auth_ip           VARCHAR(64),
    last_auth_time         TIMESTAMP WITH TIME ZONE,
    last_pub_activity_time TIMESTAMP WITH TIME ZONE,
    last_sub_activity_time TIMESTAMP WITH TIME ZONE,
    last_online_time       TIMESTAMP WITH TIME ZONE,
    last_disconnect_time   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT devices_registry_name UNIQUE (registry_id, name)
);
CREATE INDEX devices_registry ON devices (registry_id, id);

-- Aliases are unique per registry; the prefix-conflict rule is checked in code under a registry row lock.
CREATE TABLE device_aliases (
    registry_id  VARCHAR(50) NOT NULL REFERENCES registries (id),
    alias        VARCHAR(1024) NOT NULL,
    device_id    VARCHAR(50) NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    topic_prefix VARCHAR(1024) NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (registry_id, alias)
);
CREATE INDEX device_aliases_device ON device_aliases (device_id);

-- One certificate belongs to at most one registry or device in the whole installation (decisions §2).
CREATE TABLE certificates (
    sha256      VARCHAR(64) PRIMARY KEY,
    fingerprint VARCHAR(40) NOT NULL,
    owner_kind  VARCHAR(16) NOT NULL,
    owner_id    VARCHAR(50) NOT NULL,
    pem         VARCHAR NOT NULL,
    not_before  TIMESTAMP WITH TIME ZONE,
    not_after   TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX certificates_owner ON certificates (owner_kind, owner_id);

CREATE TABLE passwords (
    id         VARCHAR(50) PRIMARY KEY,
    owner_kind VARCHAR(16) NOT NULL,
    owner_id   VARCHAR(50) NOT NULL,
    hash       VARCHAR(256) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX passwords_owner ON passwords (owner_kind, owner_id);

CREATE TABLE operations (
    id            VARCHAR(50) PRIMARY KEY,
    description   VARCHAR(256) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(50) NOT NULL,
    modified_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    done          BOOLEAN NOT NULL,
    resource_kind VARCHAR(16) NOT NULL,
    resource_id   VARCHAR(50) NOT NULL,
    metadata      VARCHAR NOT NULL,
    response      VARCHAR,
    error         VARCHAR
);
CREATE INDEX operations_resource ON operations (resource_kind, resource_id, created_at);
