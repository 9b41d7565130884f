/**
 * Examples from the SD-JWT specifications, copied from their text (line breaks of the RFC layout
 * removed, as the specs instruct). They are the conformance vectors of test/credential: the issuer and
 * key-binding signatures are real (ES256 under the keys below), so a transcription error fails the tests.
 *
 * Sources:
 * - RFC 9901 (draft-ietf-oauth-selective-disclosure-jwt-20 text) §4.2.1–4.2.4: single disclosures.
 * - the same, §5.1–5.2: the "simple" SD-JWT+KB presentation and its Processed SD-JWT Payload; §A.5: the
 *   issuer key of every example.
 * - draft-ietf-oauth-status-list §6.2: an SD-JWT VC Referenced Token with recursive disclosures
 *   (RFC 9901 §6.3 layout) and a status claim, signed by the same issuer key.
 * - draft-ietf-oauth-status-list §4.1–4.2: status list byte arrays and their compressed forms.
 */

/** RFC 9901 §A.5: the Elliptic Curve key that validates the issuer signatures of the examples. */
export const EXAMPLE_ISSUER_JWK = {
  kty: "EC",
  crv: "P-256",
  x: "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ",
  y: "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8",
} as const;

/** RFC 9901 §5.1: the holder key in the example's cnf.jwk. */
export const EXAMPLE_HOLDER_JWK = {
  kty: "EC",
  crv: "P-256",
  x: "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
  y: "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ",
} as const;

/** RFC 9901 §4.2.1–4.2.3: one object-property disclosure, its text and its digest. */
export const FAMILY_NAME = {
  salt: "_26bc4LT-ac6q2KI6cBW5es",
  name: "family_name",
  value: "Möbius",
  encoded: "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0",
  digest: "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0",
  /** §4.2.1: the same claim in other valid JSON layouts (each with its own digest). */
  variants: [
    "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNXHUwMGY2Yml1cyJd",
    "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsImZhbWlseV9uYW1lIiwiTcO2Yml1cyJd",
    "WwoiXzI2YmM0TFQtYWM2cTJLSTZjQlc1ZXMiLAoiZmFtaWx5X25hbWUiLAoiTcO2Yml1cyIKXQ",
  ],
} as const;

/** RFC 9901 §4.2.2, §4.2.4.2: one array-element disclosure ("FR" of nationalities) and its digest. */
export const NATIONALITY_FR = {
  salt: "lklxF5jMYlGTPUovMNIvCA",
  value: "FR",
  encoded: "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0",
  digest: "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs",
} as const;

type ExampleValue = string | number | boolean | { readonly [k: string]: string };

/** RFC 9901 §5.1: the ten disclosures the issuer creates, with their contents and digests. */
export const SIMPLE_DISCLOSURES: readonly {
  readonly digest: string;
  readonly encoded: string;
  readonly contents: readonly [string, string, ExampleValue] | readonly [string, ExampleValue];
}[] = [
  {
    digest: "jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4",
    encoded: "WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd",
    contents: ["2GLC42sKQveCfGfryNRN9w", "given_name", "John"],
  },
  {
    digest: "TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo",
    encoded: "WyJlbHVWNU9nM2dTTklJOEVZbnN4QV9BIiwgImZhbWlseV9uYW1lIiwgIkRvZSJd",
    contents: ["eluV5Og3gSNII8EYnsxA_A", "family_name", "Doe"],
  },
  {
    digest: "JzYjH4svliH0R3PyEMfeZu6Jt69u5qehZo7F7EPYlSE",
    encoded: "WyI2SWo3dE0tYTVpVlBHYm9TNXRtdlZBIiwgImVtYWlsIiwgImpvaG5kb2VAZXhhbXBsZS5jb20iXQ",
    contents: ["6Ij7tM-a5iVPGboS5tmvVA", "email", "johndoe@example.com"],
  },
  {
    digest: "PorFbpKuVu6xymJagvkFsFXAbRoc2JGlAUA2BA4o7cI",
    encoded: "WyJlSThaV205UW5LUHBOUGVOZW5IZGhRIiwgInBob25lX251bWJlciIsICIrMS0yMDItNTU1LTAxMDEiXQ",
    contents: ["eI8ZWm9QnKPpNPeNenHdhQ", "phone_number", "+1-202-555-0101"],
  },
  {
    digest: "XQ_3kPKt1XyX7KANkqVR6yZ2Va5NrPIvPYbyMvRKBMM",
    encoded: "WyJRZ19PNjR6cUF4ZTQxMmExMDhpcm9BIiwgInBob25lX251bWJlcl92ZXJpZmllZCIsIHRydWVd",
    contents: ["Qg_O64zqAxe412a108iroA", "phone_number_verified", true],
  },
  {
    digest: "XzFrzwscM6Gn6CJDc6vVK8BkMnfG8vOSKfpPIZdAfdE",
    encoded:
      "WyJBSngtMDk1VlBycFR0TjRRTU9xUk9BIiwgImFkZHJlc3MiLCB7InN0cmVldF9hZGRyZXNzIjogIjEyMyBNYWluIFN0IiwgImxvY2FsaXR5IjogIkFueXRvd24iLCAicmVnaW9uIjogIkFueXN0YXRlIiwgImNvdW50cnkiOiAiVVMifV0",
    contents: [
      "AJx-095VPrpTtN4QMOqROA",
      "address",
      { street_address: "123 Main St", locality: "Anytown", region: "Anystate", country: "US" },
    ],
  },
  {
    digest: "gbOsI4Edq2x2Kw-w5wPEzakob9hV1cRD0ATN3oQL9JM",
    encoded: "WyJQYzMzSk0yTGNoY1VfbEhnZ3ZfdWZRIiwgImJpcnRoZGF0ZSIsICIxOTQwLTAxLTAxIl0",
    contents: ["Pc33JM2LchcU_lHggv_ufQ", "birthdate", "1940-01-01"],
  },
  {
    digest: "CrQe7S5kqBAHt-nMYXgc6bdt2SH5aTY1sU_M-PgkjPI",
    encoded: "WyJHMDJOU3JRZmpGWFE3SW8wOXN5YWpBIiwgInVwZGF0ZWRfYXQiLCAxNTcwMDAwMDAwXQ",
    contents: ["G02NSrQfjFXQ7Io09syajA", "updated_at", 1570000000],
  },
  {
    digest: "pFndjkZ_VCzmyTa6UjlZo3dh-ko8aIKQc9DlGzhaVYo",
    encoded: "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIlVTIl0",
    contents: ["lklxF5jMYlGTPUovMNIvCA", "US"],
  },
  {
    digest: "7Cf6JkPudry3lcbwHgeZ8khAv1U1OSlerP0VkBJrWZ0",
    encoded: "WyJuUHVvUW5rUkZxM0JJZUFtN0FuWEZBIiwgIkRFIl0",
    contents: ["nPuoQnkRFq3BIeAm7AnXFA", "DE"],
  },
];

/**
 * RFC 9901 §5.2: the SD-JWT+KB the holder sends, disclosing family_name, address, given_name and the
 * "US" nationality, with a key binding for aud "https://verifier.example.org", nonce "1234567890",
 * iat 1748361941.
 */
export const SIMPLE_PRESENTATION = [
  "eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImV4YW1wbGUrc2Qtand0In0.eyJfc2QiOiBb",
  "IkNyUWU3UzVrcUJBSHQtbk1ZWGdjNmJkdDJTSDVhVFkxc1VfTS1QZ2tqUEkiLCAiSnpZ",
  "akg0c3ZsaUgwUjNQeUVNZmVadTZKdDY5dTVxZWhabzdGN0VQWWxTRSIsICJQb3JGYnBL",
  "dVZ1Nnh5bUphZ3ZrRnNGWEFiUm9jMkpHbEFVQTJCQTRvN2NJIiwgIlRHZjRvTGJnd2Q1",
  "SlFhSHlLVlFaVTlVZEdFMHc1cnREc3JaemZVYW9tTG8iLCAiWFFfM2tQS3QxWHlYN0tB",
  "TmtxVlI2eVoyVmE1TnJQSXZQWWJ5TXZSS0JNTSIsICJYekZyendzY002R242Q0pEYzZ2",
  "Vks4QmtNbmZHOHZPU0tmcFBJWmRBZmRFIiwgImdiT3NJNEVkcTJ4Mkt3LXc1d1BFemFr",
  "b2I5aFYxY1JEMEFUTjNvUUw5Sk0iLCAianN1OXlWdWx3UVFsaEZsTV8zSmx6TWFTRnpn",
  "bGhRRzBEcGZheVF3TFVLNCJdLCAiaXNzIjogImh0dHBzOi8vaXNzdWVyLmV4YW1wbGUu",
  "Y29tIiwgImlhdCI6IDE2ODMwMDAwMDAsICJleHAiOiAxODgzMDAwMDAwLCAic3ViIjog",
  "InVzZXJfNDIiLCAibmF0aW9uYWxpdGllcyI6IFt7Ii4uLiI6ICJwRm5kamtaX1ZDem15",
  "VGE2VWpsWm8zZGgta284YUlLUWM5RGxHemhhVllvIn0sIHsiLi4uIjogIjdDZjZKa1B1",
  "ZHJ5M2xjYndIZ2VaOGtoQXYxVTFPU2xlclAwVmtCSnJXWjAifV0sICJfc2RfYWxnIjog",
  "InNoYS0yNTYiLCAiY25mIjogeyJqd2siOiB7Imt0eSI6ICJFQyIsICJjcnYiOiAiUC0y",
  "NTYiLCAieCI6ICJUQ0FFUjE5WnZ1M09IRjRqNFc0dmZTVm9ISVAxSUxpbERsczd2Q2VH",
  "ZW1jIiwgInkiOiAiWnhqaVdXYlpNUUdIVldLVlE0aGJTSWlyc1ZmdWVjQ0U2dDRqVDlG",
  "MkhaUSJ9fX0.zjhXTlVnC9cFuDlL7JuR2TK7DCo0XtlMpbuNVNZJhWOkCPsRHn9oHNQk",
  "I02D6YziRYsapgbA_tV4-0LmAfA53Q~WyJlbHVWNU9nM2dTTklJOEVZbnN4QV9BIiwgI",
  "mZhbWlseV9uYW1lIiwgIkRvZSJd~WyJBSngtMDk1VlBycFR0TjRRTU9xUk9BIiwgImFk",
  "ZHJlc3MiLCB7InN0cmVldF9hZGRyZXNzIjogIjEyMyBNYWluIFN0IiwgImxvY2FsaXR5",
  "IjogIkFueXRvd24iLCAicmVnaW9uIjogIkFueXN0YXRlIiwgImNvdW50cnkiOiAiVVMi",
  "fV0~WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd",
  "~WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIlVTIl0~eyJhbGciOiAiRVMyNTYiLCA",
  "idHlwIjogImtiK2p3dCJ9.eyJub25jZSI6ICIxMjM0NTY3ODkwIiwgImF1ZCI6ICJodH",
  "RwczovL3ZlcmlmaWVyLmV4YW1wbGUub3JnIiwgImlhdCI6IDE3NDgzNjE5NDEsICJzZF",
  "9oYXNoIjogIjEtTGNmNkNpQm1QNzJKREZ1QkYwYnZhbFMtRnpJbFh5aUNrSlhwN3BKbW",
  "MifQ.4OCivqequv7GMn45GWWEBceEwvByv9wY61HvxbOKY0pOxyto9-HG2coh1D3frjl",
  "1AhF-vDnB1CD0SXL32P-toA",
].join("");

export const SIMPLE_KB = {
  audience: "https://verifier.example.org",
  nonce: "1234567890",
  issuedAt: 1748361941,
  sdHash: "1-Lcf6CiBmP72JDFuBF0bvalS-FzIlXyiCkJXp7pJmc",
} as const;

/** RFC 9901 §5.2: the Processed SD-JWT Payload the verifier obtains from SIMPLE_PRESENTATION. */
export const SIMPLE_PROCESSED_PAYLOAD = {
  iss: "https://issuer.example.com",
  iat: 1683000000,
  exp: 1883000000,
  sub: "user_42",
  nationalities: ["US"],
  cnf: { jwk: EXAMPLE_HOLDER_JWK },
  family_name: "Doe",
  address: {
    street_address: "123 Main St",
    locality: "Anytown",
    region: "Anystate",
    country: "US",
  },
  given_name: "John",
};

/**
 * draft-ietf-oauth-status-list §6.2: an SD-JWT (typ example+sd-jwt) whose address is disclosable
 * recursively (the address disclosure holds four digests of its own) and which points at status list
 * entry 0 of https://example.com/statuslists/1.
 */
export const RECURSIVE_SD_JWT = [
  "eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImV4YW1wbGUrc2Qtand0In0.eyJfc2QiOiBb",
  "Ikh2cktYNmZQVjB2OUtfeUNWRkJpTEZIc01heGNEXzExNEVtNlZUOHgxbGciXSwgImlz",
  "cyI6ICJodHRwczovL2V4YW1wbGUuY29tL2lzc3VlciIsICJpYXQiOiAxNjgzMDAwMDAw",
  "LCAiZXhwIjogMTg4MzAwMDAwMCwgInN1YiI6ICI2YzVjMGE0OS1iNTg5LTQzMWQtYmFl",
  "Ny0yMTkxMjJhOWVjMmMiLCAic3RhdHVzIjogeyJzdGF0dXNfbGlzdCI6IHsiaWR4Ijog",
  "MCwgInVyaSI6ICJodHRwczovL2V4YW1wbGUuY29tL3N0YXR1c2xpc3RzLzEifX0sICJf",
  "c2RfYWxnIjogInNoYS0yNTYifQ.-kgS-R-Z4DEDlqb8kb6381_gHHNatsoF1fcVKZk3M",
  "06CrnV8F8k9d2w2V_YAOvgcb0f11FqDFezXBXH30d4vcw~WyIyR0xDNDJzS1F2ZUNmR2",
  "ZyeU5STjl3IiwgInN0cmVldF9hZGRyZXNzIiwgIlNjaHVsc3RyLiAxMiJd~WyJlbHVWN",
  "U9nM2dTTklJOEVZbnN4QV9BIiwgImxvY2FsaXR5IiwgIlNjaHVscGZvcnRhIl0~WyI2S",
  "Wo3dE0tYTVpVlBHYm9TNXRtdlZBIiwgInJlZ2lvbiIsICJTYWNoc2VuLUFuaGFsdCJd~",
  "WyJlSThaV205UW5LUHBOUGVOZW5IZGhRIiwgImNvdW50cnkiLCAiREUiXQ~WyJRZ19PN",
  "jR6cUF4ZTQxMmExMDhpcm9BIiwgImFkZHJlc3MiLCB7Il9zZCI6IFsiNnZoOWJxLXpTN",
  "EdLTV83R3BnZ1ZiWXp6dTZvT0dYcm1OVkdQSFA3NVVkMCIsICI5Z2pWdVh0ZEZST0NnU",
  "nJ0TmNHVVhtRjY1cmRlemlfNkVyX2o3NmttWXlNIiwgIktVUkRQaDRaQzE5LTN0aXotR",
  "GYzOVY4ZWlkeTFvVjNhM0gxRGEyTjBnODgiLCAiV045cjlkQ0JKOEhUQ3NTMmpLQVN4V",
  "GpFeVc1bTV4NjVfWl8ycm8yamZYTSJdfV0~",
].join("");

/** The processed payload of RECURSIVE_SD_JWT with every disclosure (RFC 9901 §6.3). */
export const RECURSIVE_PROCESSED_PAYLOAD = {
  iss: "https://example.com/issuer",
  iat: 1683000000,
  exp: 1883000000,
  sub: "6c5c0a49-b589-431d-bae7-219122a9ec2c",
  status: { status_list: { idx: 0, uri: "https://example.com/statuslists/1" } },
  address: {
    street_address: "Schulstr. 12",
    locality: "Schulpforta",
    region: "Sachsen-Anhalt",
    country: "DE",
  },
};

/** draft-ietf-oauth-status-list §4.1–4.2: status arrays, their zlib bytes and JSON form. */
export const STATUS_LIST_EXAMPLES = [
  {
    bits: 1,
    statuses: [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1],
    bytes: [0xb9, 0xa3],
    compressedHex: "78dadbb918000217015d",
    lst: "eNrbuRgAAhcBXQ",
  },
  {
    bits: 2,
    statuses: [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3],
    bytes: [0xc9, 0x44, 0xf9],
    compressedHex: "78da3be9f2130003df0207",
    lst: "eNo76fITAAPfAgc",
  },
] as const;
