import { CodedError } from "../../hal/coded-error";
import { MessageLink, MessageLinkListener } from "../../firmware/ocpp/transport/ws-link";

/** A MessageLink driven by hand: records what is sent, delivers what the test says. */
export class FakeLink implements MessageLink {
  open = true;
  sent: string[] = [];
  private listener: MessageLinkListener | undefined;

  send(text: string): boolean {
    if (!this.open) return false;
    this.sent.push(text);
    return true;
  }
  isOpen(): boolean {
    return this.open;
  }
  setListener(l: MessageLinkListener): void {
    this.listener = l;
  }
  deliver(text: string): void {
    this.listener!.onLinkMessage(text);
  }
  up(): void {
    this.open = true;
    this.listener!.onLinkOpen();
  }
  down(err?: CodedError): void {
    this.open = false;
    this.listener!.onLinkClose(err);
  }
  /** Sent frames, parsed. */
  frames(): any[] {
    return this.sent.map((s) => JSON.parse(s));
  }
  take(): any[] {
    const f = this.frames();
    this.sent = [];
    return f;
  }
}
