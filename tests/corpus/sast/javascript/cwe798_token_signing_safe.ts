import jwt from "jsonwebtoken";

export function issueToken(userId: string): string {
  return jwt.sign({ sub: userId }, process.env.JWT_SIGNING_KEY as string, { expiresIn: "15m" });
}
