-- Staff tokens ended by `logout` (issue 18): each token's id until the token would have expired.
CREATE TABLE "revoked_token" (
    "token_id" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revoked_token_pkey" PRIMARY KEY ("token_id")
);

CREATE INDEX "revoked_token_expires_at_idx" ON "revoked_token"("expires_at");
