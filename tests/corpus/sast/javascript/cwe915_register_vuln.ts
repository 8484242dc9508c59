import { Request, Response } from "express";
import { Account } from "./models";

export async function register(req: Request, res: Response) {
  const account = await Account.create(req.body);
  res.status(201).json({ id: account.id });
}
