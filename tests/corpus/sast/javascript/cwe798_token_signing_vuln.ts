import jwt from "jsonwebtoken";

export function issueToken(userId: string): string {
  return jwt.sign({ sub: userId }, "Sup3rS3cretSigningK3y!", { expiresIn: "15m" });
}
