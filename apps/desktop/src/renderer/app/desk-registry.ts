import type { FluentIcon } from '@fluentui/react-icons';
import type { MethodName, Role } from '@hms/core';
import type { HostInfo, HostStatus } from '../../shared/protocol/status.js';
import { missingCapabilities } from './capabilities.js';
import type { HostCapability } from './capabilities.js';
import type { AnyRendererDesk, DeskScreen, OfflineWrite } from './desk-module.js';

/** A screen of the workstation itself (outbox, settings): every signed-in user has it. */
export interface WorkstationScreen extends Omit<DeskScreen, 'roles' | 'within'> {
  /** A count shown on its navigation entry (conflicts to resolve), and how it is read out. */
  badge?: { count(status: HostStatus | undefined): number; label(count: number): string };
  /** Scans made here stay here (Settings tests the scanner with them) rather than opening a record. */
  keepsScans?: boolean;
  /** Where a user with no desk lands. */
  home?: boolean;
}

export interface NavEntry {
  route: string;
  label: string;
  icon: FluentIcon;
  badge?: WorkstationScreen['badge'];
}

export interface NavSection {
  /** The desk's id, or 'workstation'. */
  id: string;
  title: string;
  entries: NavEntry[];
}

/** The screen the workstation shows for a route, and what of it this host cannot do. */
export interface ScreenChoice {
  screen: DeskScreen | WorkstationScreen;
  /** The desk it belongs to; undefined for the workstation's own screens. */
  desk: AnyRendererDesk | undefined;
  /** The navigation entry shown as selected. */
  selected: string;
  /** Capabilities the screen needs that this host lacks: the screen then says so instead. */
  missing: HostCapability[];
}

function sees(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return allowed.some((role) => roles.includes(role));
}

/**
 * Every desk registered on this workstation, and the rules over them: who sees which desk and
 * screen, which screen a route opens, which desk names an offline write. Nothing here names a desk.
 */
export class DeskRegistry {
  readonly desks: readonly AnyRendererDesk[];
  readonly workstation: readonly WorkstationScreen[];
  private readonly writes = new Map<MethodName, OfflineWrite<MethodName>>();

  constructor(desks: readonly AnyRendererDesk[], workstation: readonly WorkstationScreen[]) {
    this.desks = desks;
    this.workstation = workstation;
    const ids = new Set<string>();
    const routes = new Set<string>(workstation.map((screen) => screen.route));
    if (routes.size !== workstation.length) throw new Error('Two workstation screens share a route.');
    for (const desk of desks) {
      if (ids.has(desk.id)) throw new Error(`Desk ${desk.id} is registered twice.`);
      ids.add(desk.id);
      for (const screen of desk.screens) {
        if (routes.has(screen.route)) throw new Error(`Route #/${screen.route} of desk ${desk.id} is taken.`);
        routes.add(screen.route);
        if (screen.within !== undefined && !desk.screens.some((other) => other.route === screen.within && other.within === undefined)) {
          throw new Error(`Screen #/${screen.route} of desk ${desk.id} is within #/${screen.within}, which is not a listed screen of that desk.`);
        }
      }
      for (const [method, write] of Object.entries(desk.offlineWrites) as [MethodName, OfflineWrite<MethodName>][]) {
        if (this.writes.has(method)) throw new Error(`The offline write ${method} is registered by two desks.`);
        this.writes.set(method, write);
      }
    }
  }

  /** The desks a user with these roles sees: the desk's roles allow it and at least one of its screens does. */
  desksFor(roles: readonly Role[]): AnyRendererDesk[] {
    return this.desks.filter((desk) => sees(roles, desk.roles) && this.screensOf(desk, roles).length > 0);
  }

  /** The screens of a desk a user with these roles sees. */
  screensOf(desk: AnyRendererDesk, roles: readonly Role[]): DeskScreen[] {
    if (!sees(roles, desk.roles)) return [];
    return desk.screens.filter((screen) => sees(roles, screen.roles ?? desk.roles));
  }

  /** The left navigation: a section per desk the user sees (its listed screens), then the workstation's. */
  navigation(roles: readonly Role[]): NavSection[] {
    const desks = this.desksFor(roles).map((desk) => ({
      id: desk.id,
      title: desk.label,
      entries: this.screensOf(desk, roles).filter((screen) => screen.within === undefined).map(({ route, label, icon }) => ({ route, label, icon })),
    }));
    const workstation = { id: 'workstation', title: 'Workstation', entries: this.workstation.map(({ route, label, icon, badge }) => ({ route, label, icon, ...(badge === undefined ? {} : { badge }) })) };
    return [...desks.filter((section) => section.entries.length > 0), workstation];
  }

  /**
   * The screen for a route: the workstation's or a visible desk's; an unknown or hidden route
   * opens the user's first desk screen, or the workstation's home when they see no desk.
   */
  choose(route: string, roles: readonly Role[], info: HostInfo | undefined): ScreenChoice | undefined {
    const found = this.find(route, roles) ?? this.firstListed(roles) ?? this.home();
    if (found === undefined) return undefined;
    const { screen, desk } = found;
    const within = 'within' in screen ? screen.within : undefined;
    return { screen, desk, selected: within ?? screen.route, missing: missingCapabilities(screen.needs, info) };
  }

  /** The desk whose screen shows this route, if the user sees it. */
  deskAt(route: string, roles: readonly Role[]): AnyRendererDesk | undefined {
    return this.find(route, roles)?.desk;
  }

  workstationScreen(route: string): WorkstationScreen | undefined {
    return this.workstation.find((screen) => screen.route === route);
  }

  /** How a desk named this write for the outbox and the conflicts inbox, and how a refused one is fixed. */
  offlineWrite<M extends MethodName>(method: M): OfflineWrite<M> | undefined {
    return this.writes.get(method) as OfflineWrite<M> | undefined;
  }

  /** The outbox's name for an entry of this method: the desk's label, else the method itself. */
  methodLabel(method: MethodName): string {
    return this.writes.get(method)?.label ?? method;
  }

  private find(route: string, roles: readonly Role[]): { screen: DeskScreen | WorkstationScreen; desk: AnyRendererDesk | undefined } | undefined {
    const own = this.workstationScreen(route);
    if (own !== undefined) return { screen: own, desk: undefined };
    for (const desk of this.desksFor(roles)) {
      const screen = this.screensOf(desk, roles).find((item) => item.route === route);
      if (screen !== undefined) return { screen, desk };
    }
    return undefined;
  }

  private firstListed(roles: readonly Role[]): { screen: DeskScreen; desk: AnyRendererDesk } | undefined {
    for (const desk of this.desksFor(roles)) {
      const screen = this.screensOf(desk, roles).find((item) => item.within === undefined);
      if (screen !== undefined) return { screen, desk };
    }
    return undefined;
  }

  private home(): { screen: WorkstationScreen; desk: undefined } | undefined {
    const screen = this.workstation.find((item) => item.home === true) ?? this.workstation[0];
    return screen === undefined ? undefined : { screen, desk: undefined };
  }
}
