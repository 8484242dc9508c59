import { Request, Response } from "express";
import { Account } from "./models";

export async function register(req: Request, res: Response) {
  const account = await Account.create({ email: req.body.email, name: req.body.name });
  res.status(201).json({ id: account.id });
}
